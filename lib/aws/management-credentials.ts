// Credentials for a management role in another account: Frontdesk assumes it (with its external
// id, or, with no AWS credentials of its own, with a web-identity token it signs) and keeps the
// session until shortly before it expires. SDK types stay in lib/aws.
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, type STSClient } from "@aws-sdk/client-sts";
import { AppError } from "@/lib/errors";
import { ROLE_CHAINING_MAX_SECONDS } from "./limits";

/** A role Frontdesk assumes before calling IAM in that role's account. */
export interface ViaRole {
  roleArn: string;
  externalId?: string;
  /** web-identity: AssumeRoleWithWebIdentity with Frontdesk's management token; assume-role (default): Frontdesk's own credentials. */
  mint?: "assume-role" | "web-identity";
  /** RoleSessionName and the token's subject, for other roles Frontdesk assumes this way (the publisher); the management role's by default. */
  purpose?: { sessionName: string; subject: string };
}

/** What a web-identity management role needs: an unsigned STS client and the token Frontdesk signs (subject frontdesk:management). */
export interface ManagementWebIdentity {
  unsignedSts: STSClient;
  token: () => Promise<string>;
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
export function managementCredentials(
  sts: STSClient,
  via: ViaRole,
  now: () => number = Date.now,
  webIdentity?: ManagementWebIdentity,
): AwsCredentialIdentityProvider {
  let current: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    const held = current ? await current.catch(() => undefined) : undefined;
    if (held?.expiration && held.expiration.getTime() - REFRESH_BEFORE_MS > now()) return held;
    current = assume(sts, via, webIdentity);
    return current;
  };
}

export const MANAGEMENT_SESSION_NAME = "frontdesk-management";
/** What STS answers when it cannot fetch the issuer's JWKS or finds no key for the token there. */
const UNVERIFIABLE_TOKEN = new Set(["InvalidIdentityTokenException", "InvalidIdentityToken", "IDPCommunicationErrorException", "IDPCommunicationError"]);

async function assume(sts: STSClient, via: ViaRole, webIdentity?: ManagementWebIdentity): Promise<AwsCredentialIdentity> {
  if (via.mint === "web-identity" && !webIdentity) {
    throw new AppError(
      "AWS_ERROR",
      `The management role ${via.roleArn} is assumed with a web-identity token, but Frontdesk has no FRONTDESK_SIGNING_KEY_SECRET to sign one. Tell your Frontdesk admin.`,
    );
  }
  // Signed before the STS call: a key that cannot be used (wrong secret) is named as such, not as an AWS failure.
  const token = via.mint === "web-identity" && webIdentity ? await webIdentity.token() : undefined;
  try {
    const out =
      webIdentity && token !== undefined
        ? await webIdentity.unsignedSts.send(
            new AssumeRoleWithWebIdentityCommand({
              RoleArn: via.roleArn,
              RoleSessionName: via.purpose?.sessionName ?? MANAGEMENT_SESSION_NAME,
              WebIdentityToken: token,
              DurationSeconds: ROLE_CHAINING_MAX_SECONDS,
            }),
          )
        : await sts.send(
            new AssumeRoleCommand({
              RoleArn: via.roleArn,
              RoleSessionName: MANAGEMENT_SESSION_NAME,
              ExternalId: via.externalId,
              // Safe even when Frontdesk itself runs on a role (chaining caps sessions at one hour).
              DurationSeconds: ROLE_CHAINING_MAX_SECONDS,
            }),
          );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error("incomplete credentials");
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
  } catch (error) {
    if (error instanceof AppError) throw error;
    const name = (error as { name?: string }).name ?? "error";
    const what = via.purpose ? "the role" : "the management role";
    const subject = via.purpose?.subject ?? "frontdesk:management";
    if (via.mint === "web-identity" && UNVERIFIABLE_TOKEN.has(name)) {
      // STS reads Frontdesk's keys from the issuer: a token whose key is not published there yet is refused.
      throw new AppError(
        "AWS_ERROR",
        `AWS could not verify Frontdesk's web-identity token for ${what} ${via.roleArn} (AWS error: ${name}): STS checks it against the JWKS at Frontdesk's issuer (FRONTDESK_IDP_ISSUER/jwks.json), which AWS cannot read or which does not list the key that signs now. Publish the documents there first (see README, No standing AWS keys).`,
      );
    }
    throw new AppError(
      "AWS_ERROR",
      via.mint === "web-identity"
        ? `Frontdesk could not assume ${what} ${via.roleArn} with its web-identity token (AWS error: ${name}). An admin should check that the role exists and that its trust policy allows sts:AssumeRoleWithWebIdentity for Frontdesk's IAM OIDC provider with <issuer>:sub ${subject} and <issuer>:aud FRONTDESK_IDP_AUDIENCE.`
        : `Frontdesk could not assume the management role ${via.roleArn} (AWS error: ${name}). An admin should check that the role exists, trusts Frontdesk and requires the catalog's external id.`,
    );
  }
}
