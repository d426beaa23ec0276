import "server-only";
import { createAwsGateway, type AwsGateway } from "@/lib/aws/gateway";
import { getCatalog } from "@/lib/catalog/load-catalog";
import type { Deps } from "@/lib/context";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";

let aws: AwsGateway | undefined;

/** The production wiring of every use case's dependencies. */
export async function getDeps(): Promise<Deps> {
  const env = getEnv();
  aws ??= createAwsGateway({
    region: env.AWS_REGION,
    stsEndpoint: env.AWS_ENDPOINT_URL_STS,
    federationUrl: env.AWS_FEDERATION_URL,
    issuer: env.NEXTAUTH_URL,
  });
  return { db: await getDb(), catalog: getCatalog(), now: () => new Date(), aws };
}
