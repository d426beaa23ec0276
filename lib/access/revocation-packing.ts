// Revocation at scale: the deny statements of one role packed into its inline policy first and
// then into customer-managed policies attached to it, each within IAM's own size limit. Pure.
//
// Every statement denies everything to the sessions of the identities it lists that AWS issued
// before its time (aws:SourceIdentity + aws:TokenIssueTime), as in revocation-policy.ts. Only a
// person's latest cutoff is kept; people sharing a cutoff share a statement; a statement too big
// for what is left of a document is split across documents with the same cutoff. Nothing is ever
// rounded here: each identity's deny time is exactly its stored cutoff (whole seconds).
import { IAM_POLICY_SIZE } from "@/lib/aws/limits";
import { groupByCutoff, RevocationPolicyTooLargeError, type LiveRevocation } from "./revocation-policy";

export interface PackingLimits {
  /** Characters of the role's inline budget Frontdesk may use. */
  inline: number;
  /** Characters per customer-managed policy. */
  managed: number;
  /** How many customer-managed policies Frontdesk may attach to the role. */
  managedPolicies: number;
}

export const DEFAULT_PACKING_LIMITS: PackingLimits = { inline: IAM_POLICY_SIZE.roleInlineTotal, managed: IAM_POLICY_SIZE.managed, managedPolicies: 6 };

export interface PackedRevocations {
  /** The inline policy document, or null when there is nothing to deny. */
  inline: string | null;
  /** The managed policy documents, in order (the first spill-over first). */
  managed: string[];
}

const HEAD = '{"Version":"2012-10-17","Statement":[';
const TAIL = "]}";

function statement(stamp: string, identities: string[]): string {
  return JSON.stringify({
    Sid: `Revoke${stamp.replace(/[^0-9TZ]/g, "")}`,
    Effect: "Deny",
    Action: "*",
    Resource: "*",
    Condition: {
      StringEquals: { "aws:SourceIdentity": identities.length === 1 ? identities[0] : identities },
      DateLessThan: { "aws:TokenIssueTime": stamp },
    },
  });
}

/** Fills documents in order; throws RevocationPolicyTooLargeError when even the last one is full. */
export function packRevocations(revocations: readonly LiveRevocation[], limits: PackingLimits = DEFAULT_PACKING_LIMITS): PackedRevocations {
  const groups = groupByCutoff(revocations);
  if (groups.length === 0) return { inline: null, managed: [] };
  const capacities = [limits.inline, ...Array.from({ length: limits.managedPolicies }, () => limits.managed)];
  const documents: string[][] = [[]];
  const sizeOf = (parts: string[]) => HEAD.length + TAIL.length + parts.reduce((sum, p) => sum + p.length, 0) + Math.max(parts.length - 1, 0);
  for (const [stamp, identities] of groups) {
    let rest = identities;
    while (rest.length > 0) {
      const index = documents.length - 1;
      const current = documents[index]!;
      const room = capacities[index]! - sizeOf(current) - (current.length > 0 ? 1 : 0);
      const take = largestFit(stamp, rest, room);
      if (take > 0) {
        current.push(statement(stamp, rest.slice(0, take)));
        rest = rest.slice(take);
      } else if (documents.length < capacities.length) {
        documents.push([]);
      } else {
        const needed = groups.reduce((n, [stamp2, ids]) => n + statement(stamp2, ids).length + 1, HEAD.length + TAIL.length);
        throw new RevocationPolicyTooLargeError(
          needed,
          capacities.reduce((a, b) => a + b, 0),
          groups.length,
        );
      }
    }
  }
  const texts = documents.filter((d) => d.length > 0).map((d) => HEAD + d.join(",") + TAIL);
  return { inline: texts[0] ?? null, managed: texts.slice(1) };
}

/** How many of these identities fit in one statement of `room` characters (0 when not even one). */
function largestFit(stamp: string, identities: string[], room: number): number {
  if (statement(stamp, identities).length <= room) return identities.length;
  let low = 0;
  let high = identities.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (statement(stamp, identities.slice(0, mid)).length <= room) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** What a set of documents denies: each identity's latest deny time (for checks and tests). */
export function deniedUntil(documents: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const text of documents) {
    const doc = JSON.parse(text) as {
      Statement: { Condition: { StringEquals: { "aws:SourceIdentity": string | string[] }; DateLessThan: { "aws:TokenIssueTime": string } } }[];
    };
    for (const s of doc.Statement) {
      const ids = s.Condition.StringEquals["aws:SourceIdentity"];
      const stamp = s.Condition.DateLessThan["aws:TokenIssueTime"];
      for (const id of Array.isArray(ids) ? ids : [ids]) if ((out.get(id) ?? "") < stamp) out.set(id, stamp);
    }
  }
  return out;
}
