// Builds the exact AssumeRole request for one issuance, and checks it against AWS's own limits
// before anything is sent: a request AWS would reject is refused here with a message that names
// the real cause, the catalog field to fix or the person's own IdP claim.
import type { CatalogRole } from "@/lib/catalog/schema";
import { TAG_KEY, TAG_VALUE } from "@/lib/catalog/schema";
import type { AssumeRoleParams } from "@/lib/aws/sts";
import { AppError } from "@/lib/errors";
import { claimTagValue, tagValueProblem } from "./session-tag-rules";
import { AWS_MAX_SESSION_SECONDS, AWS_MIN_SESSION_SECONDS, buildSessionName, buildSessionTags, buildSourceIdentity, type SessionTag } from "./session-params";

const NAME = /^[\w+=,.@-]{2,64}$/;
const ROLE_ARN = /^arn:(aws|aws-us-gov|aws-cn):iam::\d{12}:role\/[\w+=,.@/-]{1,576}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const POLICY_CHARS = /^[\t\n\r\u0020-\u00ff]+$/;

export interface IssuanceSubject {
  request: { id: string; approverEmails: readonly string[] };
  person: { email: string; attributes: Record<string, unknown>; mfa?: boolean };
  role: CatalogRole;
  durationSeconds: number;
}

/**
 * A claim value AWS would refuse, on a role whose catalog entry says to refuse: the person's own
 * claim is the cause, and the message says so (not "check the catalog").
 */
function unsendableClaimError(key: string, claim: string, value: string, problem: string): AppError {
  const shown = value.length > 64 ? `${value.slice(0, 64)}…` : value;
  return new AppError(
    "INVALID_INPUT",
    `Nothing was issued: your identity provider sent ${JSON.stringify(shown)} as your "${claim}", which becomes the session tag ${key}, and that value ${problem}. ` +
      `Ask your identity provider admin to correct that attribute, or your Frontdesk admin to have this role leave the tag out (sessionTags.unsendableClaim: drop in the catalog).`,
  );
}

export function buildAssumeRoleRequest({ request, person, role, durationSeconds }: IssuanceSubject): AssumeRoleParams {
  const tags: SessionTag[] = [
    ...buildSessionTags({ requestId: request.id, requesterEmail: person.email, approverEmails: request.approverEmails, mfa: person.mfa }),
    ...Object.entries(role.sessionTags.static).map(([Key, Value]) => ({ Key, Value })),
    ...Object.entries(role.sessionTags.fromClaims).flatMap(([Key, claim]) => {
      const raw = person.attributes[claim];
      // A claim the IdP did not send is left out rather than sent empty.
      if (typeof raw !== "string" || raw === "") return [];
      const { value, problem } = claimTagValue(raw);
      if (!problem) return [{ Key, Value: value }];
      if (role.sessionTags.unsendableClaim === "drop") return [];
      throw unsendableClaimError(Key, claim, value, problem);
    }),
  ];
  const present = new Set(tags.map((t) => t.Key.toLowerCase()));
  const claimTagKeys = Object.keys(role.sessionTags.fromClaims).filter((key) => present.has(key.toLowerCase()));
  return {
    roleArn: role.arn,
    sessionName: buildSessionName(person, request.id),
    sourceIdentity: buildSourceIdentity(person),
    durationSeconds,
    tags,
    transitiveTagKeys: role.transitiveTagKeys.filter((key) => present.has(key.toLowerCase())),
    externalId: role.externalId,
    policy: role.sessionPolicy,
    policyArns: role.managedPolicyArns,
    ...(claimTagKeys.length > 0 ? { claimTagKeys } : {}),
  };
}

/** Every way the request breaks AWS's documented limits; empty when AWS would accept its shape. */
export function assumeRoleProblems(params: AssumeRoleParams): string[] {
  const problems: string[] = [];
  if (!ROLE_ARN.test(params.roleArn) || params.roleArn.length > 2048) problems.push("RoleArn is not an IAM role ARN");
  if (!NAME.test(params.sessionName)) problems.push("RoleSessionName must be 2–64 characters of letters, digits and _+=,.@-");
  if (!NAME.test(params.sourceIdentity)) problems.push("SourceIdentity must be 2–64 characters of letters, digits and _+=,.@-");
  if (params.sourceIdentity.toLowerCase().startsWith("aws:")) problems.push("SourceIdentity may not start with aws:");
  if (!Number.isInteger(params.durationSeconds) || params.durationSeconds < AWS_MIN_SESSION_SECONDS || params.durationSeconds > AWS_MAX_SESSION_SECONDS) {
    problems.push("DurationSeconds must be a whole number from 900 to 43200");
  }
  if (params.tags.length > 50) problems.push(`at most 50 session tags are allowed (${params.tags.length} given)`);
  const seen = new Set<string>();
  for (const { Key, Value } of params.tags) {
    if (!TAG_KEY.test(Key)) problems.push(`tag key "${Key}" must be 1–128 letters, digits, spaces or _.:/=+-@`);
    if (Key.toLowerCase().startsWith("aws:")) problems.push(`tag key "${Key}" may not start with aws:`);
    if (!TAG_VALUE.test(Value)) problems.push(`tag "${Key}" has a value longer than 256 characters or with characters AWS refuses`);
    else if (tagValueProblem(Value)) problems.push(`tag "${Key}" has a value that ${tagValueProblem(Value)}`);
    if (seen.has(Key.toLowerCase())) problems.push(`tag key "${Key}" appears twice (keys ignore case)`);
    seen.add(Key.toLowerCase());
  }
  const transitive = params.transitiveTagKeys ?? [];
  if (transitive.length > 50) problems.push("at most 50 transitive tag keys are allowed");
  for (const key of transitive) if (!seen.has(key.toLowerCase())) problems.push(`transitive tag key "${key}" is not a session tag`);
  if (params.externalId !== undefined && !EXTERNAL_ID.test(params.externalId)) {
    problems.push("ExternalId must be 2–1224 characters of letters, digits and _+=,.@:/-");
  }
  if (params.policy !== undefined && (params.policy.length > 2048 || !POLICY_CHARS.test(params.policy))) {
    problems.push("the session policy must be at most 2048 characters in U+0020–U+00FF");
  }
  if ((params.policyArns?.length ?? 0) > 10) problems.push("at most 10 managed session policies are allowed");
  return problems;
}
