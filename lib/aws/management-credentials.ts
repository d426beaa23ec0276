// Credentials for a management role in another account: Frontdesk assumes it (with its external
// id) and keeps the session until shortly before it expires. SDK types stay in lib/aws.
import { AssumeRoleCommand, type STSClient } from "@aws-sdk/client-sts";
import { AppError } from "@/lib/errors";
import { ROLE_CHAINING_MAX_SECONDS } from "./limits";

/** A role Frontdesk assumes before calling IAM in that role's account. */
export interface ViaRole {
  roleArn: string;
  externalId?: string;
}

interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}
export type AwsCredentialIdentityProvider = () => Promise<AwsCredentialIdentity>;

const REFRESH_BEFORE_MS = 5 * 60_000;

/** A provider that assumes the role once and again only when the session nears its end. */
export function managementCredentials(sts: STSClient, via: ViaRole, now: () => number = Date.now): AwsCredentialIdentityProvider {
  let current: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    const held = current ? await current.catch(() => undefined) : undefined;
    if (held?.expiration && held.expiration.getTime() - REFRESH_BEFORE_MS > now()) return held;
    current = assume(sts, via);
    return current;
  };
}

async function assume(sts: STSClient, via: ViaRole): Promise<AwsCredentialIdentity> {
  try {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: via.roleArn,
        RoleSessionName: "frontdesk-management",
        ExternalId: via.externalId,
        // Safe even when Frontdesk itself runs on a role (chaining caps sessions at one hour).
        DurationSeconds: ROLE_CHAINING_MAX_SECONDS,
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error("incomplete credentials");
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
  } catch (error) {
    const name = (error as { name?: string }).name ?? "error";
    throw new AppError(
      "AWS_ERROR",
      `Frontdesk could not assume the management role ${via.roleArn} (AWS error: ${name}). An admin should check that the role exists, trusts Frontdesk and requires the catalog's external id.`,
    );
  }
}
