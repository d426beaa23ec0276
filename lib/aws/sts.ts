// The one place that talks to STS. SDK types stay here; callers get our own shapes.
import { AssumeRoleCommand, STSClient, STSServiceException } from "@aws-sdk/client-sts";
import { AppError } from "@/lib/errors";
import type { SessionTag } from "@/lib/access/session-params";

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

export interface AssumedSession {
  credentials: TemporaryCredentials;
  assumedRoleId: string;
  arn: string;
  packedPolicySize: number | null;
}

export interface AssumeRoleParams {
  roleArn: string;
  sessionName: string;
  sourceIdentity: string;
  durationSeconds: number;
  tags: SessionTag[];
  transitiveTagKeys?: string[];
  externalId?: string;
  /** Inline session policy (JSON text). */
  policy?: string;
  policyArns?: string[];
}

export interface StsConfig {
  region: string;
  /** A custom endpoint (a local emulator in tests and the demo); AWS's regional endpoint otherwise. */
  endpoint?: string;
}

export function createStsClient(config: StsConfig): STSClient {
  return new STSClient({ region: config.region, endpoint: config.endpoint, maxAttempts: 3 });
}

export async function assumeRole(client: STSClient, params: AssumeRoleParams): Promise<AssumedSession> {
  try {
    const out = await client.send(
      new AssumeRoleCommand({
        RoleArn: params.roleArn,
        RoleSessionName: params.sessionName,
        SourceIdentity: params.sourceIdentity,
        DurationSeconds: params.durationSeconds,
        Tags: params.tags,
        TransitiveTagKeys: params.transitiveTagKeys?.length ? params.transitiveTagKeys : undefined,
        ExternalId: params.externalId,
        Policy: params.policy,
        PolicyArns: params.policyArns?.length ? params.policyArns.map((arn) => ({ arn })) : undefined,
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration || !out.AssumedRoleUser) {
      throw new AppError("AWS_ERROR", "AWS returned an incomplete session. Try again.");
    }
    return {
      credentials: {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
      },
      assumedRoleId: out.AssumedRoleUser.AssumedRoleId ?? "",
      arn: out.AssumedRoleUser.Arn ?? "",
      packedPolicySize: out.PackedPolicySize ?? null,
    };
  } catch (error) {
    throw toAwsAppError(error);
  }
}

const ERROR_ADVICE: Record<string, string> = {
  AccessDenied:
    "AWS refused to let Frontdesk assume this role. An admin should check the role's trust policy allows Frontdesk to call sts:AssumeRole, sts:TagSession and sts:SetSourceIdentity.",
  ValidationError: "AWS rejected the session parameters. An admin should check the role's maximum session duration.",
  PackedPolicyTooLarge: "The session tags are too large for AWS. An admin should shorten the role's session tags.",
  RegionDisabledException: "STS is not enabled in this region for the role's account. An admin should enable it.",
  ExpiredToken: "Frontdesk's own AWS credentials have expired. An admin must refresh them.",
  InvalidClientTokenId: "Frontdesk's own AWS credentials are not valid. An admin must fix them.",
};

function toAwsAppError(error: unknown): Error {
  if (error instanceof AppError) return error;
  if (error instanceof STSServiceException) {
    const advice = ERROR_ADVICE[error.name] ?? "AWS could not issue a session right now. Try again in a minute.";
    return new AppError("AWS_ERROR", `${advice} (AWS error: ${error.name})`);
  }
  return new AppError("AWS_ERROR", "Frontdesk could not reach AWS. Try again in a minute.");
}
