// How far a request is on its way to approval: the one count every surface shows (the decide use
// case, the request page, the approvals queue, Slack and email). Pure.
import type { CatalogRule } from "@/lib/catalog/schema";
import type { RequestStatus } from "@/lib/generated/prisma/enums";
import { mayApproveRequest, sameEmail } from "./access";

interface TallyPerson {
  id: string;
  name: string;
  email: string;
  groups: readonly string[];
}

export interface TallyReview {
  decision: "APPROVE" | "DENY";
  reviewer: TallyPerson;
}

interface TallyApprover {
  id: string;
  name: string;
  email: string;
  /** False when the approval no longer counts: the person left the rule's approvers, or approved twice under two identities. */
  counted: boolean;
}

export interface ApprovalTally {
  /** Approvals that count: distinct people (by email) who approved and still approve the rule. */
  count: number;
  required: number;
  remaining: number;
  met: boolean;
  /** Everyone who approved, in the order they did, with whether their approval counts now. */
  approvers: TallyApprover[];
}

/**
 * Approvals a request needs: fixed at creation, raised (never lowered) while it is pending if the
 * rule now asks for more. Auto-approved and break-glass requests needed none.
 */
export function requiredApprovals(
  request: { status: RequestStatus; requiredApprovals: number },
  rule: Pick<CatalogRule, "approvals"> | null | undefined,
): number {
  if (request.status !== "PENDING" || request.requiredApprovals === 0) return request.requiredApprovals;
  return Math.max(request.requiredApprovals, rule?.approvals ?? 0);
}

/**
 * While a request is pending its approvals are counted against the rule as it is now: an approver
 * who has left the rule's approvers no longer counts, and one human with two identities counts
 * once. Once decided, the tally is history: every distinct person who approved.
 */
export function tallyApprovals(
  request: { status: RequestStatus; requiredApprovals: number; reviews: readonly TallyReview[] },
  rule: CatalogRule | null | undefined,
): ApprovalTally {
  const required = requiredApprovals(request, rule);
  const pending = request.status === "PENDING";
  const seen: string[] = [];
  const approvers = request.reviews
    .filter((review) => review.decision === "APPROVE")
    .map(({ reviewer }) => {
      const stillApproves = !pending || (rule !== null && rule !== undefined && mayApproveRequest(reviewer, rule));
      const first = !seen.some((email) => sameEmail(email, reviewer.email));
      if (stillApproves && first) seen.push(reviewer.email);
      return { id: reviewer.id, name: reviewer.name, email: reviewer.email, counted: stillApproves && first };
    });
  const count = seen.length;
  return { count, required, remaining: Math.max(0, required - count), met: count >= required, approvers };
}

/**
 * Roles asked for together are approved together: an approval counts for the set when it counts for
 * every member (each under its own rule as it is now), and the set needs what its most demanding
 * member needs. One member's tally is the tally of a set of one.
 */
export function tallySetApprovals(members: readonly ApprovalTally[]): ApprovalTally {
  const [first] = members;
  if (!first) return { count: 0, required: 0, remaining: 0, met: true, approvers: [] };
  const required = Math.max(...members.map((m) => m.required));
  const approvers = first.approvers.map((approver) => ({
    ...approver,
    counted: members.every((m) => m.approvers.some((other) => other.id === approver.id && other.counted)),
  }));
  const count = approvers.filter((a) => a.counted).length;
  return { count, required, remaining: Math.max(0, required - count), met: count >= required, approvers };
}
