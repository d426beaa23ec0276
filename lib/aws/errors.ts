// What an AWS failure means and who has to act on it. Pure: takes whatever the SDK threw and
// returns a code and plain words. The SDK has already retried what is worth retrying by the time
// an error gets here, so `retryable` means "trying again later may work without anyone changing
// anything", not "retry now". Messages never carry AWS's raw text: it can echo request values.
import { formatDuration } from "@/lib/duration";
import { AppError } from "@/lib/errors";
import type { SessionTag } from "./limits";
import type { AssumeRoleParams } from "./sts";
import { federatedRefusal } from "./federated-errors";

export type AwsErrorCode =
  | "Throttling"
  | "ServiceUnavailable"
  | "Timeout"
  | "Unreachable"
  | "Aborted"
  | "AccessDenied"
  | "TrustPolicyMissingTagSession"
  | "TrustPolicyMissingSetSourceIdentity"
  | "MaxSessionDurationTooLow"
  | "RoleChainingLimit"
  | "InvalidParameter"
  | "PackedPolicyTooLarge"
  | "MalformedPolicyDocument"
  | "RegionDisabled"
  | "BrokerCredentialsExpired"
  | "BrokerCredentialsInvalid"
  | "BrokerCredentialsMissing"
  | "ClockSkew"
  | "FederatedTokenInvalid"
  | "FederatedClaimsRejected"
  | "FederatedTokenExpired"
  | "FederatedTrustMissing"
  | "Unknown";

export interface AwsErrorClassification {
  code: AwsErrorCode;
  retryable: boolean;
  message: string;
}

export interface AwsErrorContext {
  params?: AssumeRoleParams;
  /** How the session was minted: federated refusals point at the identity provider and trust policy, not Frontdesk's own credentials. */
  mode?: "assume-role" | "web-identity" | "saml";
}

/** An AWS call that failed in an expected way; `userMessage` is safe to show. */
export class AwsCallError extends AppError {
  override name = "AwsCallError";
  readonly awsCode: AwsErrorCode;
  readonly retryable: boolean;
  constructor(
    classification: AwsErrorClassification,
    /** HTTP attempts the SDK made, retries included. */
    readonly attempts: number,
  ) {
    super("AWS_ERROR", classification.message);
    this.awsCode = classification.code;
    this.retryable = classification.retryable;
  }
}

// The SDK's own throttling codes (@smithy/core retry, service-error-classification/constants).
const THROTTLING = new Set([
  "BandwidthLimitExceeded",
  "EC2ThrottledException",
  "LimitExceededException",
  "PriorRequestNotComplete",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ThrottledException",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "TransactionInProgressException",
]);
const SERVER_FAULTS = new Set(["InternalFailure", "InternalError", "InternalServerError", "ServiceUnavailable", "ServiceUnavailableException"]);
const TIMEOUTS = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException"]);
// Checked before TIMEOUTS: the HTTP handler renames ECONNRESET and EPIPE to TimeoutError.
const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
const ACCESS_DENIED = new Set(["AccessDenied", "AccessDeniedException"]);
// ExpiredTokenException is STS's web-identity error; AssumeRole presents no token but the broker's own.
const EXPIRED = new Set(["ExpiredToken", "ExpiredTokenException"]);
// The SDK corrects its clock offset and retries these; reaching here means the clock is far off.
const CLOCK_SKEW = new Set(["RequestExpired", "RequestTimeTooSkewed", "RequestInTheFuture"]);
const BAD_CREDENTIALS = new Set([
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
  "IncompleteSignature",
  "MissingAuthenticationToken",
  "UnrecognizedClientException",
  "InvalidAccessKeyId",
  "AuthFailure",
]);

interface Failure {
  name: string;
  nodeCode: string;
  awsMessage: string;
  status: number | undefined;
  serverFault: boolean;
  /** A service answered (as opposed to a network or local failure). */
  fromService: boolean;
  throttlingTrait: boolean;
  attempts: number;
}

function read(error: unknown): Failure {
  const e = (typeof error === "object" && error !== null ? error : {}) as Record<string, unknown>;
  const metadata = (e.$metadata ?? {}) as { httpStatusCode?: unknown; attempts?: unknown };
  const retryable = (e.$retryable ?? {}) as { throttling?: unknown };
  return {
    name: typeof e.name === "string" ? e.name : "",
    nodeCode: typeof e.code === "string" ? e.code : "",
    awsMessage: typeof e.message === "string" ? e.message : "",
    status: typeof metadata.httpStatusCode === "number" ? metadata.httpStatusCode : undefined,
    serverFault: e.$fault === "server",
    fromService: e.$fault === "client" || e.$fault === "server" || typeof metadata.httpStatusCode === "number",
    throttlingTrait: retryable.throttling === true,
    attempts: typeof metadata.attempts === "number" ? metadata.attempts : 1,
  };
}

/** HTTP attempts the SDK made before giving up (1 when it did not say). */
export function awsAttempts(error: unknown): number {
  return read(error).attempts;
}

// Only identifier-like text from AWS reaches a message: an error code or a parameter name.
const safeWord = (text: string) => (/^[A-Za-z][\w.:-]{0,63}$/.test(text) ? text : "");
/** " (AWS error: Throttling, 3 attempts)": what an admin searches for, never AWS's own text. */
function awsLabel(f: Failure, countAttempts = false): string {
  const parts = [safeWord(f.name) && f.fromService ? `AWS error: ${f.name}` : "", countAttempts && f.attempts > 1 ? `${f.attempts} attempts` : ""];
  const shown = parts.filter(Boolean);
  return shown.length > 0 ? ` (${shown.join(", ")})` : "";
}
const ADMIN = "This needs your Frontdesk admin:";

function roleLabel(params?: AssumeRoleParams): string {
  const name = params?.roleArn.split("/").at(-1) ?? "";
  return safeWord(name) ? `the role ${name}` : "the role";
}

function session(params?: AssumeRoleParams): { named: string; length: string | null } {
  const length = params ? formatDuration(params.durationSeconds) : null;
  return { named: length ? `a ${length} session` : "the session", length };
}

const OWN_TAG_PREFIX = "frontdesk:";

function longestFirst(tags: readonly SessionTag[]): string {
  const sorted = [...tags].sort((a, b) => b.Value.length - a.Value.length);
  const named = sorted.slice(0, 5).map((t) => `${t.Key} (${t.Value.length} character${t.Value.length === 1 ? "" : "s"})`);
  if (sorted.length > named.length) named.push(`and ${sorted.length - named.length} more`);
  return named.join(", ");
}

function packedPolicyAdvice(f: Failure, params?: AssumeRoleParams): string {
  const percent = /(\d{1,5})\s*%/.exec(f.awsMessage)?.[1];
  const size = percent ? `${percent}% of the space AWS allows` : "more than the space AWS allows";
  const tags = params?.tags ?? [];
  // Frontdesk's own tags are not in the catalog, so the admin cannot shorten them there.
  const catalogTags = tags.filter((t) => !t.Key.toLowerCase().startsWith(OWN_TAG_PREFIX));
  const ownTags = tags.filter((t) => t.Key.toLowerCase().startsWith(OWN_TAG_PREFIX));
  const fixes: string[] = [];
  if (catalogTags.length > 0) fixes.push(`shorten or drop this role's session tags in the catalog, longest first: ${longestFirst(catalogTags)}`);
  if (params?.policy || params?.policyArns?.length) fixes.push("trim its session policy");
  if (!params) fixes.push("shorten or drop this role's session tags or session policy in the catalog");
  const fix =
    fixes.length > 0
      ? fixes.join(", or ")
      : `only Frontdesk's own tags are sent (${longestFirst(ownTags)}), which the catalog cannot change; report this to whoever maintains Frontdesk`;
  return `AWS refused the session for ${roleLabel(params)}: its session tags and session policies take up ${size}${awsLabel(f)}. ${ADMIN} ${fix}.`;
}

function accessDenied(f: Failure, params?: AssumeRoleParams): AwsErrorClassification {
  const role = roleLabel(params);
  const label = awsLabel(f);
  if (/sts:TagSession/i.test(f.awsMessage)) {
    return {
      code: "TrustPolicyMissingTagSession",
      retryable: false,
      message:
        `AWS refused to let Frontdesk tag the session for ${role}${label}. ${ADMIN} allow sts:TagSession next to sts:AssumeRole ` +
        `in the role's trust policy and in Frontdesk's own IAM policy; Frontdesk tags every session with the request and the people on it.`,
    };
  }
  if (/sts:SetSourceIdentity/i.test(f.awsMessage)) {
    return {
      code: "TrustPolicyMissingSetSourceIdentity",
      retryable: false,
      message:
        `AWS refused to let Frontdesk set the source identity for ${role}${label}. ${ADMIN} allow sts:SetSourceIdentity next to sts:AssumeRole ` +
        `in the role's trust policy and in Frontdesk's own IAM policy; Frontdesk records who you are as the session's source identity.`,
    };
  }
  const externalId = params?.externalId ? " with the ExternalId set in the catalog" : "";
  return {
    code: "AccessDenied",
    retryable: false,
    message:
      `AWS refused to let Frontdesk assume ${role}${label}. ${ADMIN} the role's trust policy must allow Frontdesk's AWS identity ` +
      `to call sts:AssumeRole${externalId}, and Frontdesk's own IAM policy must allow sts:AssumeRole on this role.`,
  };
}

function validation(f: Failure, params?: AssumeRoleParams): AwsErrorClassification {
  const role = roleLabel(params);
  const label = awsLabel(f);
  const { named, length } = session(params);
  if (/role chaining/i.test(f.awsMessage)) {
    return {
      code: "RoleChainingLimit",
      retryable: false,
      message:
        `AWS refused ${named} for ${role}: Frontdesk runs with credentials from another role, and AWS caps such chained sessions at 1 hour${label}. ` +
        `${ADMIN} set maxSessionDuration for this role in the catalog to 1h, or run Frontdesk with credentials that do not come from an assumed role.`,
    };
  }
  if (/MaxSessionDuration/i.test(f.awsMessage)) {
    return {
      code: "MaxSessionDurationTooLow",
      retryable: false,
      message:
        `AWS refused ${named} for ${role}: the role's MaxSessionDuration in IAM is shorter than that${label}. ` +
        `${ADMIN} raise the role's maximum session duration in IAM to this role's maxSessionDuration in the catalog${length ? ` (at least ${length})` : ""}, ` +
        `or lower that maxSessionDuration to match IAM.`,
    };
  }
  const parameter = safeWord(/at '([A-Za-z.]+)'/.exec(f.awsMessage)?.[1] ?? "");
  // "Value '…' at 'tags.3.member.value' failed to satisfy constraint": name the tag, and whose it is.
  const tagIndex = /at 'tags\.(\d+)\.member\.(?:value|key)'/i.exec(f.awsMessage)?.[1];
  const tag = tagIndex ? params?.tags[Number(tagIndex) - 1] : undefined;
  if (tag && safeWord(tag.Key)) {
    const fromClaim = params?.claimTagKeys?.some((key) => key.toLowerCase() === tag.Key.toLowerCase()) === true;
    return {
      code: "InvalidParameter",
      retryable: false,
      message: fromClaim
        ? `AWS refused the session tag ${tag.Key} for ${role}, whose value comes from your own identity provider's claims${label}. Nothing was issued. ` +
          `Ask your identity provider admin to correct that attribute, or your Frontdesk admin to have this role leave the tag out (sessionTags.unsendableClaim: drop).`
        : tag.Key.toLowerCase().startsWith(OWN_TAG_PREFIX)
          ? `AWS refused Frontdesk's own session tag ${tag.Key} for ${role}${label}. Report this to whoever maintains Frontdesk.`
          : `AWS refused the session tag ${tag.Key} for ${role}${label}. ${ADMIN} check that tag in this role's sessionTags in the catalog.`,
    };
  }
  return {
    code: "InvalidParameter",
    retryable: false,
    message:
      `AWS rejected the session request for ${role}${parameter ? ` because of its ${parameter} value` : ""}${label}. ` +
      `${ADMIN} check this role's entry in the catalog against AWS's limits for AssumeRole.`,
  };
}

export function classifyAwsError(error: unknown, context: AwsErrorContext = {}): AwsErrorClassification {
  const f = read(error);
  const { params } = context;
  const role = roleLabel(params);
  const label = awsLabel(f);

  if (f.name === "AbortError") {
    return { code: "Aborted", retryable: true, message: "The request to AWS was cancelled before AWS answered. Try again." };
  }
  if (THROTTLING.has(f.name) || f.status === 429 || f.throttlingTrait) {
    return {
      code: "Throttling",
      retryable: true,
      message:
        `AWS is getting too many requests from Frontdesk's account and turned this one away${awsLabel(f, true)}. Wait a minute and try again. ` +
        `If it keeps happening, tell your Frontdesk admin: STS rate limits are shared by everything that uses the account.`,
    };
  }
  if (CONNECTION_CODES.has(f.nodeCode)) {
    return { code: "Unreachable", retryable: true, message: "Frontdesk could not reach AWS. Try again in a minute." };
  }
  if (TIMEOUTS.has(f.name) || f.nodeCode === "ETIMEDOUT") {
    return {
      code: "Timeout",
      retryable: true,
      message:
        `AWS did not answer in time${awsLabel(f, true)}. Try again in a minute. ` +
        `If it keeps happening, tell your Frontdesk admin to check Frontdesk's network connection to AWS STS.`,
    };
  }
  if (SERVER_FAULTS.has(f.name) || f.serverFault || (f.status ?? 0) >= 500) {
    return {
      code: "ServiceUnavailable",
      retryable: true,
      message:
        `AWS had a temporary problem and could not issue a session${awsLabel(f, true)}. Try again in a minute. ` +
        `If it keeps happening, tell your Frontdesk admin to check the AWS Health Dashboard for STS.`,
    };
  }
  if (context.mode === "web-identity" || context.mode === "saml") {
    const refused = federatedRefusal({
      name: f.name,
      mode: context.mode,
      role,
      label,
      admin: ADMIN,
      expired: EXPIRED.has(f.name),
      denied: ACCESS_DENIED.has(f.name),
    });
    if (refused) return refused;
  }
  if (ACCESS_DENIED.has(f.name)) return accessDenied(f, params);
  if (f.name === "ValidationError") return validation(f, params);
  if (f.name === "PackedPolicyTooLarge" || f.name === "PackedPolicyTooLargeException") {
    return { code: "PackedPolicyTooLarge", retryable: false, message: packedPolicyAdvice(f, params) };
  }
  if (f.name === "MalformedPolicyDocument" || f.name === "MalformedPolicyDocumentException") {
    return {
      code: "MalformedPolicyDocument",
      retryable: false,
      message: `AWS rejected the session policy for ${role} as malformed${label}. ${ADMIN} fix sessionPolicy for this role in the catalog so that it is a valid IAM policy document.`,
    };
  }
  if (f.name === "RegionDisabledException") {
    return {
      code: "RegionDisabled",
      retryable: false,
      message:
        `AWS STS is not activated in Frontdesk's region for the account that owns ${role}${label}. ` +
        `${ADMIN} activate STS for that region in the account's IAM account settings, or point Frontdesk at a region where it is active.`,
    };
  }
  if (EXPIRED.has(f.name)) {
    return {
      code: "BrokerCredentialsExpired",
      retryable: false,
      message: `Frontdesk's own AWS credentials have expired, so it cannot ask AWS for sessions${label}. ${ADMIN} give Frontdesk fresh AWS credentials.`,
    };
  }
  if (BAD_CREDENTIALS.has(f.name)) {
    return {
      code: "BrokerCredentialsInvalid",
      retryable: false,
      message:
        `AWS does not accept Frontdesk's own AWS credentials${label}. ${ADMIN} check that the access key Frontdesk runs with ` +
        `is active and that its secret key is the matching one.`,
    };
  }
  if (CLOCK_SKEW.has(f.name)) {
    return {
      code: "ClockSkew",
      retryable: false,
      message: `AWS refused Frontdesk's request because the clock on Frontdesk's server is wrong${label}. ${ADMIN} synchronise the server's clock (NTP).`,
    };
  }
  if (f.name === "CredentialsProviderError") {
    return {
      code: "BrokerCredentialsMissing",
      retryable: false,
      message: `Frontdesk found no AWS credentials of its own to call AWS with. ${ADMIN} configure the credentials Frontdesk runs with.`,
    };
  }
  const source = f.fromService ? `AWS could not issue a session for ${role}${label}` : "Frontdesk could not get a session from AWS";
  return { code: "Unknown", retryable: false, message: `${source}. Try again in a minute; if it keeps happening, tell your Frontdesk admin.` };
}
