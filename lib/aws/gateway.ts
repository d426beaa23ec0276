// What the use cases may ask of AWS, with the endpoints already chosen.
import { createConsoleLink, type ConsoleLinkOptions } from "./console-link";
import { createIamClients, deleteRolePolicy, getRolePolicy, putRolePolicy, type RolePolicyRef } from "./iam";
import { assumeRole, createStsClient, type AssumedSession, type AssumeRoleParams } from "./sts";

export interface AwsGateway {
  assumeRole(params: AssumeRoleParams): Promise<AssumedSession>;
  consoleLink(input: Omit<ConsoleLinkOptions, "issuer" | "federationUrl" | "fetchImpl">): Promise<string>;
  /** One inline policy of a role as JSON text, or null when the role has none by that name. */
  getRolePolicy(ref: RolePolicyRef): Promise<string | null>;
  putRolePolicy(ref: RolePolicyRef & { document: string }): Promise<void>;
  /** Succeeds when the policy is already gone. */
  deleteRolePolicy(ref: RolePolicyRef): Promise<void>;
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
  const iam = createIamClients({ endpoint: config.iamEndpoint });
  return {
    assumeRole: (params) => assumeRole(sts, params),
    consoleLink: (input) => createConsoleLink({ ...input, issuer: config.issuer, federationUrl: config.federationUrl }),
    getRolePolicy: (ref) => getRolePolicy(iam, ref),
    putRolePolicy: (ref) => putRolePolicy(iam, ref),
    deleteRolePolicy: (ref) => deleteRolePolicy(iam, ref),
  };
}
