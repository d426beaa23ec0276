// What the use cases may ask of AWS, with the endpoints already chosen.
import type { Partition } from "@/lib/catalog/schema";
import { createConsoleLink } from "./console-link";
import { assumeRole, createStsClient, type AssumedSession, type AssumeRoleParams, type TemporaryCredentials } from "./sts";

export interface AwsGateway {
  assumeRole(params: AssumeRoleParams): Promise<AssumedSession>;
  consoleLink(input: { credentials: TemporaryCredentials; partition: Partition; sessionDurationSeconds: number }): Promise<string>;
}

export interface AwsGatewayConfig {
  region: string;
  stsEndpoint?: string;
  iamEndpoint?: string;
  federationUrl?: string;
  /** Frontdesk's own URL, sent as the console's Issuer. */
  issuer: string;
}

export function createAwsGateway(config: AwsGatewayConfig): AwsGateway {
  const sts = createStsClient({ region: config.region, endpoint: config.stsEndpoint });
  return {
    assumeRole: (params) => assumeRole(sts, params),
    consoleLink: (input) => createConsoleLink({ ...input, issuer: config.issuer, federationUrl: config.federationUrl }),
  };
}
