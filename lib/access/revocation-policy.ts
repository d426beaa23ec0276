// The inline deny policy Frontdesk keeps on a managed role: every session of a revoked person
// (by aws:SourceIdentity) issued before that revocation's cutoff is denied everything. One
// policy per role holds all its live revocations, because IAM caps the inline policies of a role
// at 10,240 characters in total (shared AWS reference, sections 1.1 and 4.2).
import { IAM_POLICY_SIZE, SOURCE_IDENTITY } from "@/lib/aws/limits";

export const REVOCATION_POLICY_NAME = "FrontdeskRevocations";
export const IAM_INLINE_POLICY_LIMIT = IAM_POLICY_SIZE.roleInlineTotal;

export interface LiveRevocation {
  sourceIdentity: string;
  cutoff: Date;
}

export class RevocationPolicyTooLargeError extends Error {
  override name = "RevocationPolicyTooLargeError";
  constructor(
    readonly size: number,
    readonly limit: number,
    readonly statements: number,
  ) {
    super(
      `The revocation deny policy would be ${size} characters (${statements} statements), over the ${limit}-character limit IAM sets for a role's inline policies.`,
    );
  }
}

interface Statement {
  Sid: string;
  Effect: "Deny";
  Action: "*";
  Resource: "*";
  Condition: {
    StringEquals: { "aws:SourceIdentity": string | string[] };
    DateLessThan: { "aws:TokenIssueTime": string };
  };
}

/**
 * Rounded up to the whole second: IAM compares ISO-8601 times, and rounding up can only widen the
 * deny to sessions issued in the same second, never narrow it.
 */
export function cutoffTimestamp(cutoff: Date): string {
  return new Date(Math.ceil(cutoff.getTime() / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** What IAM counts against its limit: every character except whitespace. */
export function policySize(document: string): number {
  return document.replace(/\s/g, "").length;
}

/**
 * The policy document for these revocations, or null when none is left (the policy is deleted).
 *
 * Merged to stay small: a person's later cutoff denies everything an earlier one does, so only
 * their latest counts; people sharing a cutoff share one statement. Too large fails loudly rather
 * than dropping someone's deny.
 */
export function buildRevocationPolicy(revocations: readonly LiveRevocation[], limit: number = IAM_INLINE_POLICY_LIMIT): string | null {
  const groups = groupByCutoff(revocations);
  if (groups.length === 0) return null;

  const statements: Statement[] = groups.map(([stamp, identities]) => {
    return {
      Sid: `Revoke${stamp.replace(/[^0-9TZ]/g, "")}`,
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceIdentity": identities.length === 1 ? identities[0]! : identities },
        DateLessThan: { "aws:TokenIssueTime": stamp },
      },
    };
  });
  const document = JSON.stringify({ Version: "2012-10-17", Statement: statements });
  const size = policySize(document);
  if (size > limit) throw new RevocationPolicyTooLargeError(size, limit, statements.length);
  return document;
}

/**
 * Each identity's latest cutoff (a later cutoff denies everything an earlier one does), grouped by
 * cutoff, oldest first, identities sorted. Refuses what Frontdesk never sets.
 */
export function groupByCutoff(revocations: readonly LiveRevocation[]): [string, string[]][] {
  const latest = new Map<string, string>();
  for (const { sourceIdentity, cutoff } of revocations) {
    if (!SOURCE_IDENTITY.pattern.test(sourceIdentity)) throw new Error(`"${sourceIdentity}" is not a SourceIdentity Frontdesk sets.`);
    if (Number.isNaN(cutoff.getTime())) throw new Error(`The revocation of ${sourceIdentity} has no valid cutoff.`);
    const stamp = cutoffTimestamp(cutoff);
    const previous = latest.get(sourceIdentity);
    // ISO timestamps of one format sort as text in time order.
    if (previous === undefined || stamp > previous) latest.set(sourceIdentity, stamp);
  }
  const byCutoff = new Map<string, string[]>();
  for (const [identity, stamp] of latest) byCutoff.set(stamp, [...(byCutoff.get(stamp) ?? []), identity]);
  return [...byCutoff.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([stamp, ids]) => [stamp, ids.sort()]);
}
