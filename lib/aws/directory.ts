// Read-only questions to IAM and STS about the roles in the catalog and about Frontdesk itself.
import { GetRoleCommand, IAMClient, NoSuchEntityException } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { ROLE_MAX_SESSION_DURATION } from "./limits";
import { managementCredentials, type ViaRole } from "./management-credentials";
import { createUnsignedStsClient } from "./sts";

export interface RoleFacts {
  arn: string;
  maxSessionDuration: number;
  /** The trust policy, parsed. */
  trustPolicy: unknown;
}

export interface AwsDirectory {
  /** Who Frontdesk's own credentials are (an IAM user or an assumed-role ARN). */
  callerArn(): Promise<string>;
  /** The role's facts, or null when IAM has no role by that name; in another account through `via`. */
  getRole(roleName: string, via?: ViaRole | null): Promise<RoleFacts | null>;
}

export function createAwsDirectory(config: {
  region: string;
  stsEndpoint?: string;
  iamEndpoint?: string;
  /** Signs Frontdesk's management token, for management roles assumed with no AWS credentials. */
  managementToken?: () => Promise<string>;
}): AwsDirectory {
  const sts = new STSClient({ region: config.region, endpoint: config.stsEndpoint, maxAttempts: 3 });
  const webIdentity = config.managementToken
    ? { unsignedSts: createUnsignedStsClient({ region: config.region, endpoint: config.stsEndpoint }), token: config.managementToken }
    : undefined;
  const iam = new IAMClient({ region: config.region, endpoint: config.iamEndpoint, maxAttempts: 3 });
  // One client per management role, each with its own assumed-role credentials.
  const viaClients = new Map<string, IAMClient>();
  const iamFor = (via?: ViaRole | null) => {
    if (!via) return iam;
    const key = `${via.roleArn}|${via.externalId ?? ""}|${via.mint ?? ""}`;
    let client = viaClients.get(key);
    if (!client) {
      client = new IAMClient({
        region: config.region,
        endpoint: config.iamEndpoint,
        maxAttempts: 3,
        credentials: managementCredentials(sts, via, Date.now, webIdentity),
      });
      viaClients.set(key, client);
    }
    return client;
  };
  return {
    async callerArn() {
      return (await sts.send(new GetCallerIdentityCommand({}))).Arn ?? "";
    },
    async getRole(roleName, via) {
      try {
        const { Role } = await iamFor(via).send(new GetRoleCommand({ RoleName: roleName }));
        if (!Role?.Arn) return null;
        // IAM returns the trust policy URL-encoded.
        const document = Role.AssumeRolePolicyDocument ? decodeURIComponent(Role.AssumeRolePolicyDocument) : "{}";
        return { arn: Role.Arn, maxSessionDuration: Role.MaxSessionDuration ?? ROLE_MAX_SESSION_DURATION.defaultSeconds, trustPolicy: JSON.parse(document) };
      } catch (error) {
        if (error instanceof NoSuchEntityException) return null;
        throw error;
      }
    },
  };
}
