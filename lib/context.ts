// What every use case needs from the outside world, passed in so tests can supply their own.
import type { Catalog } from "@/lib/catalog/schema";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { AwsDirectory } from "@/lib/aws/directory";
import type { AwsGateway } from "@/lib/aws/gateway";

export interface Deps {
  db: PrismaClient;
  catalog: Catalog;
  /** The one clock every time decision uses. */
  now: () => Date;
  aws: AwsGateway;
  /** The longest AWS session Frontdesk's own credentials allow (1 h when it runs on a role). */
  sessionCap: () => Promise<number>;
  /** Read-only IAM/STS lookups (role checks). */
  awsDirectory: AwsDirectory;
}
