// The refusals of deciding, extending and revoking, as pure evaluators next to evaluateRequest: the
// use cases gather the facts, ask here, and throw what comes back. Each refusal has a table test.
import type { CatalogRule } from "@/lib/catalog/schema";
import { formatDuration } from "@/lib/duration";
import type { ErrorCode } from "@/lib/errors";
import type { RequestStatus } from "@/lib/generated/prisma/enums";
import { isRecent, isSelfReview, mayApproveRequest, type Actor } from "./access";

export interface Refusal {
  code: ErrorCode;
  message: string;
  fields?: Record<string, string>;
}

const refuse = (code: ErrorCode, message: string, fields?: Record<string, string>): Refusal => ({ code, message, fields });

export const NOT_AN_APPROVER = "No such request, or you do not approve this role.";

/** Whether this person may decide this request at all, before its row is locked. */
export function evaluateDecisionRights(facts: {
  actor: Actor;
  request: { requesterId: string; requesterEmail: string } | null;
  rule: CatalogRule | undefined;
  roleName: string | null;
  decision: "APPROVE" | "DENY";
  comment: string | undefined;
  via: "portal" | "slack";
  now: Date;
  recentAuthSeconds: number;
}): Refusal | null {
  const { actor, request, rule, roleName } = facts;
  if (!request || !rule || roleName === null || !mayApproveRequest(actor, rule)) return refuse("NOT_FOUND", NOT_AN_APPROVER);
  if (isSelfReview(actor, request)) return refuse("FORBIDDEN", "You cannot approve or deny your own request. Another approver must decide.");
  // A Slack button stands in for a recent portal sign-in only where the rule allows deciding from Slack.
  if (facts.via === "slack") {
    if (!rule.notify.slack?.interactive) return refuse("FORBIDDEN", "Deciding from Slack is turned off for this kind of request. Use the portal.");
  } else if (!isRecent(actor, facts.now, facts.recentAuthSeconds)) {
    return refuse("REAUTH_REQUIRED", "For this action, confirm it is you: sign in again with your identity provider.");
  }
  if (rule.mfa.approve && !actor.mfa) return refuse("MFA_REQUIRED", `Approving ${roleName} needs a sign-in with multi-factor authentication.`);
  if (facts.decision === "DENY" && rule.denyComment === "required" && !facts.comment) {
    return refuse("INVALID_INPUT", "Say why you are denying this request: the requester sees your comment.", { comment: "Say why you deny it." });
  }
  return null;
}

const STATUS_WORDS: Record<RequestStatus, string> = {
  PENDING: "pending",
  APPROVED: "already approved",
  ACTIVE: "already approved and active",
  ENDED: "over",
  DENIED: "already denied",
  CANCELLED: "cancelled by the requester",
  EXPIRED: "expired",
  REVOKED: "revoked",
};

export type DecisionStateOutcome = { kind: "decide" } | { kind: "repeat" } | { kind: "refused"; refusal: Refusal };

/** Under the row lock: whether the decision applies now, repeats this person's own, or is refused. */
export function evaluateDecisionState(facts: {
  status: RequestStatus;
  createdAt: Date;
  pendingTimeoutSeconds: number;
  decision: "APPROVE" | "DENY";
  /** This person's earlier decision on it (under any of their identities). */
  earlier: "APPROVE" | "DENY" | null;
  now: Date;
}): DecisionStateOutcome {
  if (facts.earlier) {
    if (facts.earlier !== facts.decision) {
      return {
        kind: "refused",
        refusal: refuse("CONFLICT", `You already ${facts.earlier === "APPROVE" ? "approved" : "denied"} this request; a decision cannot be changed.`),
      };
    }
    return { kind: "repeat" };
  }
  if (facts.status !== "PENDING") return { kind: "refused", refusal: refuse("CONFLICT", `This request is ${STATUS_WORDS[facts.status]}.`) };
  if (facts.now.getTime() >= facts.createdAt.getTime() + facts.pendingTimeoutSeconds * 1000) {
    return { kind: "refused", refusal: refuse("CONFLICT", "This request waited too long for a decision and has expired. The requester can ask again.") };
  }
  return { kind: "decide" };
}

/** Whether an approved extension may lengthen its grant: the grant is still running and stays within its rule's maximum. */
export function evaluateExtension(facts: {
  grant: { status: RequestStatus; startsAt: Date | null; endsAt: Date | null };
  extensionSeconds: number;
  maxTotalSeconds: number;
  now: Date;
}): { ok: true; endsAt: Date } | { ok: false; refusal: Refusal } {
  const { grant, now } = facts;
  if (grant.status !== "ACTIVE" || !grant.endsAt || grant.endsAt <= now) {
    return { ok: false, refusal: refuse("CONFLICT", "The access this would extend has already ended. The requester can ask for new access instead.") };
  }
  const endsAt = new Date(grant.endsAt.getTime() + facts.extensionSeconds * 1000);
  const startsAt = grant.startsAt ?? now;
  if (endsAt.getTime() - startsAt.getTime() <= facts.maxTotalSeconds * 1000) return { ok: true, endsAt };
  const left = Math.max(0, facts.maxTotalSeconds - Math.ceil((grant.endsAt.getTime() - startsAt.getTime()) / 1000));
  const message =
    left >= 60
      ? `With this extension the access would last longer than its rule allows; at most ${formatDuration(left, "floor")} more can be added.`
      : "This access already lasts as long as its rule allows. Ask for new access once it ends.";
  return { ok: false, refusal: refuse("CONFLICT", message, { durationMinutes: "Longer than the rule allows in all." }) };
}

/** Whether this person may revoke this grant (before the row lock; the state is the gate's to check). */
export function evaluateRevoke(facts: {
  actor: Actor;
  request: { requesterId: string; requesterEmail: string } | null;
  mayRevoke: boolean;
  now: Date;
  recentAuthSeconds: number;
}): Refusal | null {
  if (facts.request && isSelfReview(facts.actor, facts.request)) return refuse("FORBIDDEN", "You cannot revoke your own access. Use “I'm done” to end it.");
  if (!facts.request || !facts.mayRevoke) return refuse("NOT_FOUND", NOT_AN_APPROVER);
  if (!isRecent(facts.actor, facts.now, facts.recentAuthSeconds)) {
    return refuse("REAUTH_REQUIRED", "For this action, confirm it is you: sign in again with your identity provider.");
  }
  return null;
}

/**
 * Deciding roles asked for together: the decider must be able to decide every member under its own
 * rule (the intersection of approvers; the strictest recent sign-in, MFA and deny-comment rules
 * follow). Someone who approves none of them finds no such request; someone who approves only some
 * is told which role is not theirs.
 */
export function evaluateSetDecisionRights(members: readonly (Parameters<typeof evaluateDecisionRights>[0] & { roleLabel: string })[]): Refusal | null {
  const refusals = members.map((facts) => ({ facts, refusal: evaluateDecisionRights(facts) }));
  const notTheirs = refusals.filter((r) => r.refusal?.code === "NOT_FOUND");
  if (notTheirs.length === members.length) return refuse("NOT_FOUND", NOT_AN_APPROVER);
  const [outsider] = notTheirs;
  if (outsider) {
    return refuse(
      "FORBIDDEN",
      `You do not approve ${outsider.facts.roleLabel}, which this request also asks for. An approver of every role in it must decide.`,
    );
  }
  return refusals.find((r) => r.refusal)?.refusal ?? null;
}
