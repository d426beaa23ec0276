// Approving or denying a pending request. The request row is locked for the whole decision, so
// approvals arriving together are counted one after another: N distinct approvers open the window
// exactly once, a repeated click is harmless, and a deny or a cancel that got there first wins.
import { auditRefusals } from "@/lib/audit/audit-refusals";
import { auditedTransaction, recordAuditEvent } from "@/lib/audit/record-audit-event";
import { findRole } from "@/lib/catalog/rules";
import { ruleById } from "@/lib/catalog/rules";
import { limitsOf, type Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { AccessRequest } from "@/lib/generated/prisma/client";
import { notifyRequestEvent } from "@/lib/notify/request-events";
import { sameEmail, type Actor } from "@/lib/policy/access";
import { tallyApprovals, type ApprovalTally } from "@/lib/policy/approval-tally";
import { evaluateDecisionRights, evaluateDecisionState, NOT_AN_APPROVER, type Refusal } from "@/lib/policy/evaluate-decision";
import { decisionSchema } from "./request-input";
import { decideSet } from "./decide-request-set";
import { assertStillEligible, loadReviews, reload, startApprovedWindow } from "./decision-steps";
import { lockRequest, touchRequest, transitionOrThrow } from "./transition";

export interface DecideRequestOptions {
  actor: Actor;
  requestId: string;
  decision: "APPROVE" | "DENY";
  comment?: string;
  /**
   * Where the decision was made. "slack": an interactive Slack button, whose signed request proves
   * the Slack session instead of a recent portal sign-in; only for rules that turn it on.
   */
  via?: "portal" | "slack";
}

export interface DecideRequestResult {
  request: AccessRequest;
  /** False when this person had already made this same decision: nothing changed. */
  changed: boolean;
  /** The approval tally after this decision (the N-of-M display). */
  approvals: ApprovalTally;
}

export function decideRequest(deps: Deps, options: DecideRequestOptions): Promise<DecideRequestResult> {
  const id = String(options.requestId).slice(0, 64);
  const attempt = { actorId: options.actor.id, action: "request.decide", targetType: "request", targetId: id, requestId: id };
  return auditRefusals(deps, attempt, () => decide(deps, options));
}

const refused = (refusal: Refusal) => new AppError(refusal.code, refusal.message, refusal.fields);

async function decide(deps: Deps, options: DecideRequestOptions): Promise<DecideRequestResult> {
  const parsed = decisionSchema.safeParse(options);
  if (!parsed.success)
    throw new AppError("INVALID_INPUT", parsed.error.issues[0]?.message ?? "Invalid decision.", { comment: parsed.error.issues[0]?.message ?? "" });
  const { actor } = options;
  const { requestId, decision, comment } = parsed.data;

  // Rights come from the current catalog: the request's rule as it stands now.
  const request = await deps.db.accessRequest.findUnique({ where: { id: requestId }, include: { requester: { select: { email: true } } } });
  // Roles asked for together are decided together, whichever member the decision names.
  if (request?.setId) return decideSet(deps, { actor, setId: request.setId, decision, comment, via: options.via ?? "portal" });
  const rule = request ? ruleById(deps.catalog, request.ruleId) : undefined;
  const found = request ? findRole(deps.catalog, request.roleId) : null;
  const rights = evaluateDecisionRights({
    actor,
    request: request && { requesterId: request.requesterId, requesterEmail: request.requester.email },
    rule,
    roleName: found?.role.name ?? null,
    decision,
    comment,
    via: options.via ?? "portal",
    now: deps.now(),
    recentAuthSeconds: limitsOf(deps).recentAuthSeconds,
  });
  if (rights) throw refused(rights);
  if (!request || !rule || !found) throw new AppError("NOT_FOUND", NOT_AN_APPROVER);

  const now = deps.now();
  return auditedTransaction(deps.db, async (tx) => {
    // An extension's grant is locked first, in the order revocation takes them too.
    const grant = request.extendsId ? await lockRequest(tx, request.extendsId) : null;
    const row = await lockRequest(tx, request.id);
    if (!row) throw new AppError("NOT_FOUND", NOT_AN_APPROVER);
    const reviews = await loadReviews(tx, row.id);
    // This person's earlier decision, under this identity or another one with the same email.
    const earlier = reviews.find((review) => review.reviewer.id === actor.id || sameEmail(review.reviewer.email, actor.email))?.decision ?? null;
    const state = evaluateDecisionState({ status: row.status, createdAt: row.createdAt, pendingTimeoutSeconds: rule.pendingTimeout, decision, earlier, now });
    if (state.kind === "refused") throw refused(state.refusal);
    // The same decision again (a double click, a retried POST): nothing more happens.
    if (state.kind === "repeat") return { request: row, changed: false, approvals: tallyApprovals({ ...row, reviews }, rule) };

    const audit = { actorId: actor.id, targetType: "request", targetId: row.id, requestId: row.id };
    if (decision === "APPROVE") await assertStillEligible(tx, row, rule, found.role);
    await tx.review.create({ data: { requestId: row.id, reviewerId: actor.id, decision, comment, createdAt: now } });
    if (decision === "DENY") {
      await transitionOrThrow(tx, row.id, {
        to: "DENIED",
        now,
        data: { decidedAt: now },
        audit: { actorId: actor.id, action: "request.denied", data: { comment: comment ?? null } },
        notify: { event: "denied", actorId: actor.id },
      });
      return { request: await reload(tx, row.id), changed: true, approvals: tallyApprovals({ ...row, reviews: await loadReviews(tx, row.id) }, rule) };
    }

    // The reviews read under the lock plus the one just written (the newest, so last): no second read.
    const mine = { decision, reviewer: { id: actor.id, email: actor.email, name: actor.name, groups: actor.groups } };
    const approvals = tallyApprovals({ ...row, reviews: [...reviews, mine] }, rule);
    const data = { comment: comment ?? null, approvals: approvals.count, required: approvals.required };
    if (!approvals.met) {
      await recordAuditEvent(tx, { ...audit, action: "request.approval-recorded", data }, now);
      await touchRequest(tx, row.id);
      await notifyRequestEvent(tx, { requestId: row.id, event: "approval-recorded", actorId: actor.id, at: now }, row.setIndex);
      return { request: await reload(tx, row.id), changed: true, approvals };
    }
    await recordAuditEvent(tx, { ...audit, action: "request.approved", data }, now);
    await notifyRequestEvent(tx, { requestId: row.id, event: "approved", actorId: actor.id, at: now }, row.setIndex);
    await startApprovedWindow(tx, row, grant, rule, found.role, now, actor.id);
    return { request: await reload(tx, row.id), changed: true, approvals };
  });
}
