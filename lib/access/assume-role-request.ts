// Builds the exact AssumeRole request for one issuance, and checks it against AWS's own limits
// before anything is sent: a request AWS would reject is refused here with a message that names
// the real cause: the catalog field to fix or the person's own IdP claim.
import {
  ASSUME_ROLE_DURATION,
  claimTagValue,
  EXTERNAL_ID,
  isAssumeRoleDuration,
  isRoleSessionName,
  ROLE_ARN,
  ROLE_ARN_MAX_LENGTH,
  SESSION_POLICY,
  SESSION_TAGS,
  SOURCE_IDENTITY,
  TAG_KEY,
  TAG_VALUE,
  tagValueProblem,
} from "@/lib/aws/limits";
import type { AssumeRoleParams } from "@/lib/aws/sts";
import type { CatalogRole } from "@/lib/catalog/schema";
import { AppError } from "@/lib/errors";
import { buildSessionName, buildSessionTags, buildSourceIdentity, type SessionTag } from "./session-params";

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
  if (!ROLE_ARN.test(params.roleArn) || params.roleArn.length > ROLE_ARN_MAX_LENGTH) problems.push("RoleArn is not an IAM role ARN");
  const names = `${SOURCE_IDENTITY.min}–${SOURCE_IDENTITY.max} characters of letters, digits and _+=,.@-`;
  if (!isRoleSessionName(params.sessionName)) problems.push(`RoleSessionName must be ${names}`);
  if (!SOURCE_IDENTITY.pattern.test(params.sourceIdentity)) problems.push(`SourceIdentity must be ${names}`);
  if (params.sourceIdentity.toLowerCase().startsWith(SOURCE_IDENTITY.reservedPrefix))
    problems.push(`SourceIdentity may not start with ${SOURCE_IDENTITY.reservedPrefix}`);
  if (!isAssumeRoleDuration(params.durationSeconds)) {
    problems.push(`DurationSeconds must be a whole number from ${ASSUME_ROLE_DURATION.minSeconds} to ${ASSUME_ROLE_DURATION.maxSeconds}`);
  }
  if (params.tags.length > SESSION_TAGS.max) problems.push(`at most ${SESSION_TAGS.max} session tags are allowed (${params.tags.length} given)`);
  const seen = new Set<string>();
  for (const { Key, Value } of params.tags) {
    if (!TAG_KEY.test(Key)) problems.push(`tag key "${Key}" must be 1–${SESSION_TAGS.keyMaxLength} letters, digits, spaces or _.:/=+-@`);
    if (Key.toLowerCase().startsWith(SESSION_TAGS.reservedPrefix)) problems.push(`tag key "${Key}" may not start with ${SESSION_TAGS.reservedPrefix}`);
    if (!TAG_VALUE.test(Value)) problems.push(`tag "${Key}" has a value longer than ${SESSION_TAGS.valueMaxLength} characters or with characters AWS refuses`);
    else if (tagValueProblem(Value)) problems.push(`tag "${Key}" has a value that ${tagValueProblem(Value)}`);
    if (seen.has(Key.toLowerCase())) problems.push(`tag key "${Key}" appears twice (keys ignore case)`);
    seen.add(Key.toLowerCase());
  }
  const transitive = params.transitiveTagKeys ?? [];
  if (transitive.length > SESSION_TAGS.maxTransitiveKeys) problems.push(`at most ${SESSION_TAGS.maxTransitiveKeys} transitive tag keys are allowed`);
  for (const key of transitive) if (!seen.has(key.toLowerCase())) problems.push(`transitive tag key "${key}" is not a session tag`);
  if (params.externalId !== undefined && !EXTERNAL_ID.pattern.test(params.externalId)) {
    problems.push(`ExternalId must be ${EXTERNAL_ID.min}–${EXTERNAL_ID.max} characters of letters, digits and _+=,.@:/-`);
  }
  if (params.policy !== undefined && (params.policy.length > SESSION_POLICY.maxLength || !SESSION_POLICY.characters.test(params.policy))) {
    problems.push(`the session policy must be at most ${SESSION_POLICY.maxLength} characters in U+0020–U+00FF`);
  }
  if ((params.policyArns?.length ?? 0) > SESSION_POLICY.maxManagedArns)
    problems.push(`at most ${SESSION_POLICY.maxManagedArns} managed session policies are allowed`);
  return problems;
}
