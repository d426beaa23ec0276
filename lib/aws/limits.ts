// AWS's documented limits and patterns, in one place: the catalog schema, the AssumeRole builder,
// the IAM adapter, the revocation policy and the tests all read them from here. Pure data and
// predicates (no SDK, no I/O), so the pure core and the browser may import it. Source for every
// figure: the shared AWS reference (STS AssumeRole §1.1, console sign-in §3, IAM quotas).
// `\w` in AWS's patterns is [A-Za-z0-9_].

/** The AWS partitions Frontdesk knows: commercial, GovCloud (US) and China. */
export const PARTITIONS = ["aws", "aws-us-gov", "aws-cn"] as const;
export type Partition = (typeof PARTITIONS)[number];

// Sign-in and console hosts per partition; the console is regional except in each partition's
// home region, which uses the bare host (as AWS's own console links do).
export const PARTITION_HOSTS: Readonly<Record<Partition, { signin: string; saml: string; console: string; homeRegion: string }>> = {
  aws: {
    signin: "https://signin.aws.amazon.com/federation",
    saml: "https://signin.aws.amazon.com/saml",
    console: "console.aws.amazon.com",
    homeRegion: "us-east-1",
  },
  "aws-us-gov": {
    signin: "https://signin.amazonaws-us-gov.com/federation",
    saml: "https://signin.amazonaws-us-gov.com/saml",
    console: "console.amazonaws-us-gov.com",
    homeRegion: "us-gov-west-1",
  },
  "aws-cn": {
    signin: "https://signin.amazonaws.cn/federation",
    saml: "https://signin.amazonaws.cn/saml",
    console: "console.amazonaws.cn",
    homeRegion: "cn-north-1",
  },
};

// The values computed below are marked pure: browser code imports this module for a duration or
// two, and the bundler leaves an unused value out only when it knows computing it has no effect.

/** Where a browser may post a SAML response to AWS, and the consoles it is sent on to (for the CSP's form-action). */
export const AWS_SAML_FORM_TARGETS: readonly string[] = /* @__PURE__ */ PARTITIONS.flatMap((partition) => [
  PARTITION_HOSTS[partition].saml,
  `https://*.${PARTITION_HOSTS[partition].console}`,
  `https://${PARTITION_HOSTS[partition].console}`,
]);
const PARTITION = "(aws|aws-us-gov|aws-cn)";

/** IAM names and paths: RoleSessionName, SourceIdentity and role/policy names share these characters. */
const NAME_CHARACTER = "[\\w+=,.@-]";

/** arn:{partition}:iam::{12-digit account}:role/{optional/path/}{RoleName ≤ 64}; groups: partition, account, name. */
export const ROLE_ARN = /* @__PURE__ */ new RegExp(`^arn:${PARTITION}:iam::(\\d{12}):role\\/(?:${NAME_CHARACTER}+\\/)*(${NAME_CHARACTER}{1,64})$`);
/** An IAM role's name (without its path). */
export const ROLE_NAME = /* @__PURE__ */ new RegExp(`^${NAME_CHARACTER}{1,64}$`);
/** RoleArn's length in the STS model. */
export const ROLE_ARN_MAX_LENGTH = 2048;
/** A managed policy: AWS-managed (account "aws") or customer-managed; names up to 128 characters. */
export const MANAGED_POLICY_ARN = /* @__PURE__ */ new RegExp(
  `^arn:${PARTITION}:iam::(aws|\\d{12}):policy\\/(?:${NAME_CHARACTER}+\\/)*${NAME_CHARACTER}{1,128}$`,
);
/** An assumed-role caller (the sign of role chaining), in any partition. */
export const ASSUMED_ROLE_ARN = /* @__PURE__ */ new RegExp(`^arn:${PARTITION}:sts::\\d{12}:assumed-role\\/`);
/** A 12-digit account id. */
export const ACCOUNT_ID = /^\d{12}$/;

export const ROLE_SESSION_NAME = { min: 2, max: 64, pattern: /^[\w+=,.@-]{2,64}$/, disallowed: /[^\w+=,.@-]+/g } as const;
/** Same characters and lengths as the session name, and it may not start with `aws:`. */
export const SOURCE_IDENTITY = { min: 2, max: 64, pattern: /^[\w+=,.@-]{2,64}$/, disallowed: /[^\w+=,.@-]+/g, reservedPrefix: "aws:" } as const;

export function isRoleSessionName(name: string): boolean {
  return ROLE_SESSION_NAME.pattern.test(name);
}

export function isSourceIdentity(identity: string): boolean {
  return SOURCE_IDENTITY.pattern.test(identity) && !identity.toLowerCase().startsWith(SOURCE_IDENTITY.reservedPrefix);
}

/** Session tags: keys 1–128, values 0–256, Unicode letters, spaces, digits and _.:/=+-@. */
export const SESSION_TAGS = {
  max: 50,
  maxTransitiveKeys: 50,
  keyMaxLength: 128,
  valueMaxLength: 256,
  /** Neither keys nor values may start with it. */
  reservedPrefix: "aws:",
} as const;
export const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
export const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
/** The characters a tag value may not contain (to replace them). */
const TAG_VALUE_DISALLOWED = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]+/gu;

/** One session tag as STS takes it. */
export interface SessionTag {
  Key: string;
  Value: string;
}

/** Text of a tag value as AWS accepts it: refused characters become "-", cut to 256. */
export function toTagValue(text: string): string {
  return text.replace(TAG_VALUE_DISALLOWED, "-").slice(0, SESSION_TAGS.valueMaxLength);
}

// AWS's tagging rules reserve the `aws:` prefix (in any letter case) for keys; STS's own API
// pattern does not spell it out for values, so Frontdesk never sends a value that starts with it
// either. Lengths count Unicode characters, as AWS does (not UTF-16 units).
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const RESERVED_TAG_PREFIX = /^aws:/i;
const unicodeLength = (text: string) => [...text].length;

/** Why AWS would refuse this tag value, in words for a person; null when it may be sent. */
export function tagValueProblem(value: string): string | null {
  if (unicodeLength(value) > SESSION_TAGS.valueMaxLength) return `is longer than the ${SESSION_TAGS.valueMaxLength} characters AWS allows in a session tag`;
  if (!TAG_CHARS.test(value)) return "contains characters AWS does not allow in a session tag (only letters, digits, spaces and _.:/=+-@)";
  if (RESERVED_TAG_PREFIX.test(value)) return `begins with "${SESSION_TAGS.reservedPrefix}", which AWS reserves for its own tags`;
  return null;
}

/** Why AWS would refuse this tag key; null when it may be sent. */
export function tagKeyProblem(key: string): string | null {
  if (unicodeLength(key) < 1 || unicodeLength(key) > SESSION_TAGS.keyMaxLength) return `must be 1–${SESSION_TAGS.keyMaxLength} characters`;
  if (!TAG_CHARS.test(key)) return "may only contain letters, digits, spaces and _.:/=+-@";
  if (RESERVED_TAG_PREFIX.test(key)) return `may not begin with "${SESSION_TAGS.reservedPrefix}", which AWS reserves for its own tags`;
  return null;
}

/**
 * A claim value as Frontdesk sends it: characters AWS never accepts become "-" and the value is cut
 * to 256 characters. What is left may still break AWS's rules (the reserved prefix): `problem`
 * says how, and the role's catalog entry decides whether the tag is dropped or the issuance refused.
 */
export function claimTagValue(raw: string): { value: string; problem: string | null } {
  const value = [...raw.replace(TAG_VALUE_DISALLOWED, "-")].slice(0, SESSION_TAGS.valueMaxLength).join("");
  return { value, problem: tagValueProblem(value) };
}

/** ExternalId: 2–1224 characters of letters, digits and _+=,.@:/- (no whitespace). */
export const EXTERNAL_ID = { min: 2, max: 1224, pattern: /^[\w+=,.@:/-]{2,1224}$/ } as const;

/** AssumeRole's DurationSeconds: 15 minutes to 12 hours, and at most the role's MaxSessionDuration. */
export const ASSUME_ROLE_DURATION = { minSeconds: 900, maxSeconds: 43_200, defaultSeconds: 3600 } as const;
/** Role chaining (Frontdesk itself on role credentials) caps every session at one hour. */
export const ROLE_CHAINING_MAX_SECONDS = 3600;
/** A role's MaxSessionDuration setting in IAM: 1 to 12 hours, 1 hour unless changed. */
export const ROLE_MAX_SESSION_DURATION = { minSeconds: 3600, maxSeconds: 43_200, defaultSeconds: 3600 } as const;
/** The console sign-in's SessionDuration (getSigninToken): 15 minutes to 12 hours. */
export const FEDERATION_SESSION_DURATION = { minSeconds: 900, maxSeconds: 43_200, defaultSeconds: 3600 } as const;
/** A console sign-in URL must be used within 15 minutes of issue. */
export const SIGNIN_TOKEN_LIFETIME_SECONDS = 900;

export function isAssumeRoleDuration(seconds: number): boolean {
  return Number.isInteger(seconds) && seconds >= ASSUME_ROLE_DURATION.minSeconds && seconds <= ASSUME_ROLE_DURATION.maxSeconds;
}

/** Session policies: the inline one at most 2048 characters of U+0020–U+00FF plus tab/newlines; at most 10 managed ARNs. */
export const SESSION_POLICY = { maxLength: 2048, characters: /^[\t\n\r\u0020-\u00ff]+$/, maxManagedArns: 10 } as const;

/** IAM quotas on policies attached to a role (non-whitespace characters). */
export const IAM_POLICY_SIZE = { roleInlineTotal: 10_240, managed: 6_144 } as const;

/** AssumeRoleWithWebIdentity: the token's size and the one signing algorithm STS accepts from a custom provider here. */
export const WEB_IDENTITY_TOKEN = { minLength: 4, maxLength: 20_000, algorithm: "RS256" } as const;
/** AssumeRoleWithSAML: the base64 SAMLAssertion's size; AWS's SAML audience and its attribute names. */
export const SAML_ASSERTION = {
  minLength: 4,
  maxLength: 100_000,
  audience: "urn:amazon:webservices",
  attributePrefix: "https://aws.amazon.com/SAML/Attributes/",
} as const;
/** The claims AWS reads session tags and SourceIdentity from in a web-identity token. */
export const WEB_IDENTITY_CLAIMS = { tags: "https://aws.amazon.com/tags", sourceIdentity: "https://aws.amazon.com/source_identity" } as const;
/** Session tag Frontdesk adds to federated sessions: the role the token was minted for (trust policies pin it). */
export const ROLE_BINDING_TAG = "frontdesk:role";
