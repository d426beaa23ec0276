// Pure builders for the AssumeRole parameters, held to AWS's own constraints
// (see the reference on AssumeRole): names and identities in [\w+=,.@-], 2–64 characters;
// tag values in letters, digits, spaces and _.:/=+-@, at most 256 characters.

export const AWS_MIN_SESSION_SECONDS = 900;
export const AWS_MAX_SESSION_SECONDS = 43_200;

const NAME_CHARS = /[^\w+=,.@-]+/g;
const TAG_VALUE_CHARS = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]+/gu;

function sanitizeName(text: string, maxLength: number): string {
  const cleaned = text.replace(NAME_CHARS, "-").replace(/-{2,}/g, "-").replace(/^-|-$/g, "").slice(0, maxLength);
  return cleaned.length >= 2 ? cleaned : `user${cleaned}`.slice(0, maxLength);
}

/** The person as AWS will record them: immutable across role chaining, shown in CloudTrail. */
export function buildSourceIdentity(person: { email: string }): string {
  const identity = sanitizeName(person.email, 64);
  return identity.toLowerCase().startsWith("aws") ? `u-${identity}`.slice(0, 64) : identity;
}

/** "<person>-<request suffix>": names the person and stays unique per request. */
export function buildSessionName(person: { email: string }, requestId: string): string {
  const suffix = sanitizeName(requestId, 64).slice(-8);
  return `${sanitizeName(person.email, 64 - suffix.length - 1)}-${suffix}`;
}

export interface SessionTag {
  Key: string;
  Value: string;
}

function tagValue(text: string): string {
  return text.replace(TAG_VALUE_CHARS, "-").slice(0, 256);
}

/** Few and short: session tags share a packed-size budget with the session policy. */
export function buildSessionTags(input: {
  requestId: string;
  requesterEmail: string;
  approverEmails: readonly string[];
  /** Whether the person's sign-in used more than one factor; left out when unknown. */
  mfa?: boolean;
}): SessionTag[] {
  const tags: SessionTag[] = [
    { Key: "frontdesk:request-id", Value: tagValue(input.requestId) },
    { Key: "frontdesk:requester", Value: tagValue(input.requesterEmail) },
  ];
  if (input.mfa !== undefined) tags.push({ Key: "frontdesk:mfa", Value: input.mfa ? "true" : "false" });
  if (input.approverEmails.length > 0) {
    tags.push({ Key: "frontdesk:approvers", Value: tagValue(input.approverEmails.join(" ")) });
  }
  return tags;
}

export type SessionDuration =
  | { ok: true; seconds: number }
  | { ok: false; remainingSeconds: number };

/**
 * How long one AWS session may last: the rest of the approved window, capped by the role's
 * MaxSessionDuration and AWS's 12 h. Below AWS's 15-minute floor nothing may be minted, because
 * the session would outlive the window.
 */
export function sessionDuration(input: { now: Date; windowEndsAt: Date; roleMaxSeconds: number }): SessionDuration {
  const remainingSeconds = Math.floor((input.windowEndsAt.getTime() - input.now.getTime()) / 1000);
  const seconds = Math.min(remainingSeconds, input.roleMaxSeconds, AWS_MAX_SESSION_SECONDS);
  return seconds >= AWS_MIN_SESSION_SECONDS ? { ok: true, seconds } : { ok: false, remainingSeconds: Math.max(0, remainingSeconds) };
}
