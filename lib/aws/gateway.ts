// What the use cases may ask of AWS, with the endpoints already chosen.
import { createConsoleLink, type ConsoleLinkOptions } from "./console-link";
import { createIamClients, deleteRolePolicy, getRolePolicy, putRolePolicy, type RolePolicyRef } from "./iam";
import {
  assumeRole,
  assumeRoleWithSaml,
  assumeRoleWithWebIdentity,
  createStsClient,
  createUnsignedStsClient,
  type AssumedSession,
  type AssumeRoleParams,
} from "./sts";
import type { PublicObject, PublisherRole } from "./s3";
import { readManagedRolePolicies, removeManagedRolePolicy, writeManagedRolePolicy, type ManagedPolicyRef } from "./iam-managed-policies";

export type { ManagedPolicyRef } from "./iam-managed-policies";
export type { ViaRole } from "./management-credentials";

export interface AwsGateway {
  assumeRole(params: AssumeRoleParams): Promise<AssumedSession>;
  /** With a token Frontdesk signed as the OpenID provider the role trusts; no AWS credentials. */
  assumeRoleWithWebIdentity(params: AssumeRoleParams & { webIdentityToken: string }): Promise<AssumedSession>;
  /** With a SAML response Frontdesk signed as the SAML provider the role trusts; no AWS credentials. */
  assumeRoleWithSaml(params: AssumeRoleParams & { samlAssertion: string; principalArn: string }): Promise<AssumedSession>;
  consoleLink(input: Omit<ConsoleLinkOptions, "issuer" | "federationUrl" | "fetchImpl">): Promise<string>;
  /** One inline policy of a role as JSON text, or null when the role has none by that name. */
  getRolePolicy(ref: RolePolicyRef): Promise<string | null>;
  putRolePolicy(ref: RolePolicyRef & { document: string }): Promise<void>;
  /** Succeeds when the policy is already gone. */
  deleteRolePolicy(ref: RolePolicyRef): Promise<void>;
  /** Frontdesk's customer-managed policies attached to the role (under ref.path), by name. */
  readManagedRolePolicies(ref: ManagedPolicyRef): Promise<Map<string, string>>;
  writeManagedRolePolicy(ref: ManagedPolicyRef & { policyName: string; document: string }): Promise<void>;
  /** Detaches and deletes; succeeds when already gone. */
  removeManagedRolePolicy(ref: ManagedPolicyRef & { policyName: string }): Promise<void>;
  /**
   * Uploads one public document of Frontdesk's identity provider (FRONTDESK_IDP_PUBLISH_BUCKET): as
   * the publisher role when given (assumed with Frontdesk's own token, no AWS credentials), else
   * with Frontdesk's own credentials.
   */
  putPublicObject(object: PublicObject, publisher?: PublisherRole & { subject: string }): Promise<void>;
}

export interface AwsGatewayConfig {
  region: string;
  stsEndpoint?: string;
  iamEndpoint?: string;
  s3Endpoint?: string;
  federationUrl?: string;
  /** Frontdesk's own URL, sent as the console's Issuer. */
  issuer: string;
  /** Signs Frontdesk's management token (subject frontdesk:management), for management roles assumed with no AWS credentials. */
  managementToken?: () => Promise<string>;
}

export function createAwsGateway(config: AwsGatewayConfig): AwsGateway {
  const sts = createStsClient({ region: config.region, endpoint: config.stsEndpoint });
  const unsigned = createUnsignedStsClient({ region: config.region, endpoint: config.stsEndpoint });
  const webIdentity = config.managementToken ? { unsignedSts: unsigned, token: config.managementToken } : undefined;
  const iam = createIamClients({ endpoint: config.iamEndpoint, sts, webIdentity });
  // S3 (and the SDK core of its own it brings) is loaded on the first upload only: most servers
  // never publish identity-provider documents, and loaded at boot it held memory for nothing.
  type S3Module = typeof import("./s3");
  let s3Module: Promise<S3Module> | undefined;
  let s3: ReturnType<S3Module["createS3Client"]> | undefined;
  // One client per publisher role, so its assumed session is reused until it nears its end.
  const publisherClients = new Map<string, ReturnType<S3Module["createS3Client"]>>();
  const s3For = ({ createS3Client, publisherCredentials }: S3Module, publisher?: PublisherRole & { subject: string }) => {
    if (!publisher) return (s3 ??= createS3Client({ region: config.region, endpoint: config.s3Endpoint }));
    let client = publisherClients.get(publisher.roleArn);
    if (!client) {
      client = createS3Client({
        region: config.region,
        endpoint: config.s3Endpoint,
        credentials: publisherCredentials(unsigned, publisher, publisher.subject),
      });
      publisherClients.set(publisher.roleArn, client);
    }
    return client;
  };
  return {
    assumeRole: (params) => assumeRole(sts, params),
    assumeRoleWithWebIdentity: (params) => assumeRoleWithWebIdentity(unsigned, params),
    assumeRoleWithSaml: (params) => assumeRoleWithSaml(unsigned, params),
    consoleLink: (input) => createConsoleLink({ ...input, issuer: config.issuer, federationUrl: config.federationUrl }),
    getRolePolicy: (ref) => getRolePolicy(iam, ref),
    putRolePolicy: (ref) => putRolePolicy(iam, ref),
    deleteRolePolicy: (ref) => deleteRolePolicy(iam, ref),
    readManagedRolePolicies: (ref) => readManagedRolePolicies(iam, ref),
    writeManagedRolePolicy: (ref) => writeManagedRolePolicy(iam, ref),
    removeManagedRolePolicy: (ref) => removeManagedRolePolicy(iam, ref),
    putPublicObject: async (object, publisher) => {
      const loaded = await (s3Module ??= import("./s3"));
      return loaded.putPublicObject(s3For(loaded, publisher), object);
    },
  };
}
