// The one place that talks to STS. SDK types stay here; callers get our own shapes.
import {
  AssumeRoleCommand,
  AssumeRoleWithSAMLCommand,
  AssumeRoleWithWebIdentityCommand,
  STSClient,
  type AssumeRoleCommandOutput,
  type STSClientConfig,
} from "@aws-sdk/client-sts";
import { AppError } from "@/lib/errors";
import type { SessionTag } from "./limits";
import { AwsCallError, awsAttempts, classifyAwsError } from "./errors";

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
  /**
   * Tag keys whose values came from the person's IdP claims (never sent to AWS): a refused value
   * is then explained as the person's claim, not as the catalog's.
   */
  claimTagKeys?: string[];
}

export interface StsConfig {
  region: string;
  /** A custom endpoint (a local emulator in tests and the demo); AWS's regional endpoint otherwise. */
  endpoint?: string;
  /** HTTP attempts per call, the first included. */
  maxAttempts?: number;
  /** Milliseconds to open a connection to STS. */
  connectionTimeoutMs?: number;
  /** Milliseconds for one attempt, from sending the request to the whole response. */
  requestTimeoutMs?: number;
  /** Frontdesk's own credentials; the SDK's default chain when absent. */
  credentials?: STSClientConfig["credentials"];
}

// Worst case for one call: 3 attempts of 10 s plus backoff. The SDK's standard mode waits a random
// 0..min(base * 2^retry, 20 s) between attempts (full jitter), base 50 ms, or 1 s after throttling.
const STS_CLIENT_DEFAULTS = { maxAttempts: 3, connectionTimeoutMs: 3_000, requestTimeoutMs: 10_000 } as const;

export function createStsClient(config: StsConfig): STSClient {
  return new STSClient({
    region: config.region,
    endpoint: config.endpoint,
    credentials: config.credentials,
    maxAttempts: config.maxAttempts ?? STS_CLIENT_DEFAULTS.maxAttempts,
    // Explicit, so AWS_RETRY_MODE in the environment cannot switch a running broker to adaptive mode.
    retryMode: "standard",
    requestHandler: {
      connectionTimeout: config.connectionTimeoutMs ?? STS_CLIENT_DEFAULTS.connectionTimeoutMs,
      requestTimeout: config.requestTimeoutMs ?? STS_CLIENT_DEFAULTS.requestTimeoutMs,
      // Without this the handler only logs a warning when requestTimeout passes and keeps waiting.
      throwOnRequestTimeout: true,
    },
  });
}

export async function assumeRole(client: STSClient, params: AssumeRoleParams): Promise<AssumedSession> {
  return call("AssumeRole", params, () =>
    client.send(
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
    ),
  );
}

/**
 * A client that holds no AWS credentials at all: AssumeRoleWithWebIdentity and AssumeRoleWithSAML
 * are unsigned calls, and any call that would need signing fails instead of finding credentials.
 */
export function createUnsignedStsClient(config: Omit<StsConfig, "credentials">): STSClient {
  return createStsClient({
    ...config,
    credentials: () => Promise.reject(new Error("Federated minting uses no AWS credentials; this call would need them.")),
  });
}

/** The same session, minted with a signed web-identity token instead of Frontdesk's own credentials (tags and SourceIdentity travel in the token). */
export async function assumeRoleWithWebIdentity(client: STSClient, params: AssumeRoleParams & { webIdentityToken: string }): Promise<AssumedSession> {
  return call("AssumeRoleWithWebIdentity", params, () =>
    client.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: params.roleArn,
        RoleSessionName: params.sessionName,
        WebIdentityToken: params.webIdentityToken,
        DurationSeconds: params.durationSeconds,
        Policy: params.policy,
        PolicyArns: params.policyArns?.length ? params.policyArns.map((arn) => ({ arn })) : undefined,
      }),
    ),
  );
}

/** The same session from a signed SAML response (role, session name, tags and SourceIdentity travel as its attributes). */
export async function assumeRoleWithSaml(
  client: STSClient,
  params: AssumeRoleParams & { samlAssertion: string; principalArn: string },
): Promise<AssumedSession> {
  return call("AssumeRoleWithSAML", params, () =>
    client.send(
      new AssumeRoleWithSAMLCommand({
        RoleArn: params.roleArn,
        PrincipalArn: params.principalArn,
        SAMLAssertion: params.samlAssertion,
        DurationSeconds: params.durationSeconds,
        Policy: params.policy,
        PolicyArns: params.policyArns?.length ? params.policyArns.map((arn) => ({ arn })) : undefined,
      }),
    ),
  );
}

type StsSessionOutput = Pick<AssumeRoleCommandOutput, "Credentials" | "AssumedRoleUser" | "PackedPolicySize">;

async function call(operation: string, params: AssumeRoleParams, send: () => Promise<StsSessionOutput>): Promise<AssumedSession> {
  try {
    const out = await send();
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
    if (error instanceof AppError) throw error;
    throw toAwsCallError(error, params, operation);
  }
}

function toAwsCallError(error: unknown, params: AssumeRoleParams, operation: string): AwsCallError {
  const mode = operation === "AssumeRoleWithWebIdentity" ? "web-identity" : operation === "AssumeRoleWithSAML" ? "saml" : "assume-role";
  const classification = classifyAwsError(error, { params, mode });
  const attempts = awsAttempts(error);
  const e = error as { name?: unknown; message?: unknown; $metadata?: { requestId?: unknown } };
  // For the admin's log: AWS's own words and request id, which the person never sees.
  console.warn(
    `[frontdesk] STS ${operation} for ${params.roleArn} failed: ${classification.code} after ${attempts} attempt(s)` +
      ` (${String(e.name)}: ${String(e.message)}; request id ${String(e.$metadata?.requestId ?? "none")})`,
  );
  return new AwsCallError(classification, attempts);
}
