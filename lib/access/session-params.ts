// Pure builders for the AssumeRole parameters, held to AWS's own constraints (lib/aws/limits):
// names and identities in [\w+=,.@-], 2–64 characters; tag values in letters, digits, spaces and
// _.:/=+-@, at most 256 characters.
import { ASSUME_ROLE_DURATION, ROLE_SESSION_NAME, SOURCE_IDENTITY, toTagValue, type SessionTag } from "@/lib/aws/limits";

function sanitizeName(text: string, maxLength: number): string {
  const cleaned = text.replace(ROLE_SESSION_NAME.disallowed, "-").replace(/-{2,}/g, "-").replace(/^-|-$/g, "").slice(0, maxLength);
  return cleaned.length >= ROLE_SESSION_NAME.min ? cleaned : `user${cleaned}`.slice(0, maxLength);
}

/** The person as AWS will record them: immutable across role chaining, shown in CloudTrail. */
export function buildSourceIdentity(person: { email: string }): string {
  const identity = sanitizeName(person.email, SOURCE_IDENTITY.max);
  // Stricter than AWS's own rule (no "aws:" prefix): nothing that starts with "aws" at all.
  return identity.toLowerCase().startsWith("aws") ? `u-${identity}`.slice(0, SOURCE_IDENTITY.max) : identity;
}

/** "<person>-<request suffix>": names the person and stays unique per request. */
export function buildSessionName(person: { email: string }, requestId: string): string {
  const suffix = sanitizeName(requestId, ROLE_SESSION_NAME.max).slice(-8);
  return `${sanitizeName(person.email, ROLE_SESSION_NAME.max - suffix.length - 1)}-${suffix}`;
}

export type { SessionTag } from "@/lib/aws/limits";

const tagValue = toTagValue;

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

export type SessionDuration = { ok: true; seconds: number } | { ok: false; remainingSeconds: number };

/**
 * How long one AWS session may last: the rest of the approved window, capped by the role's
 * MaxSessionDuration and AWS's 12 h. Below AWS's 15-minute floor nothing may be minted, because
 * the session would outlive the window.
 */
export function sessionDuration(input: { now: Date; windowEndsAt: Date; roleMaxSeconds: number }): SessionDuration {
  const remainingSeconds = Math.floor((input.windowEndsAt.getTime() - input.now.getTime()) / 1000);
  const seconds = Math.min(remainingSeconds, input.roleMaxSeconds, ASSUME_ROLE_DURATION.maxSeconds);
  return seconds >= ASSUME_ROLE_DURATION.minSeconds ? { ok: true, seconds } : { ok: false, remainingSeconds: Math.max(0, remainingSeconds) };
}
