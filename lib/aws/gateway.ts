// What the use cases may ask of AWS, with the endpoints already chosen.
import { createConsoleLink, type ConsoleLinkOptions } from "./console-link";
import { assumeRole, createStsClient, type AssumedSession, type AssumeRoleParams } from "./sts";

export interface AwsGateway {
  assumeRole(params: AssumeRoleParams): Promise<AssumedSession>;
  consoleLink(input: Omit<ConsoleLinkOptions, "issuer" | "federationUrl" | "fetchImpl">): Promise<string>;
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
