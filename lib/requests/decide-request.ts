import { findRole } from "@/lib/catalog/load-catalog";
import type { Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { auditRefusals } from "@/lib/audit/audit-refusals";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { REQUEST_END_WINDOW } from "./timer-jobs";
import { isSelfReview, mayApproveRole, type Actor } from "@/lib/policy/access";
import { decisionSchema } from "./request-input";
import { canTransition } from "./state";

export interface DecideRequestOptions {
  actor: Actor;
  requestId: string;
  decision: "APPROVE" | "DENY";
  comment?: string;
}

/**
 * Approve or deny a pending request. One approval activates the window at once.
 * The status is re-checked inside the transaction with a conditional update, so two approvers
 * clicking together produce one decision and the loser gets a clear conflict.
 */
export function decideRequest(deps: Deps, options: DecideRequestOptions) {
  const attempt = { actorId: options.actor.id, action: "request.decide", targetType: "request", targetId: options.requestId, requestId: options.requestId };
  return auditRefusals(deps, attempt, () => decide(deps, options));
}

async function decide(deps: Deps, options: DecideRequestOptions) {
  const parsed = decisionSchema.safeParse(options);
  if (!parsed.success) throw new AppError("INVALID_INPUT", parsed.error.issues[0]?.message ?? "Invalid decision.");
  const { actor } = options;
  const { requestId, decision, comment } = parsed.data;

  const request = await deps.db.accessRequest.findUnique({ where: { id: requestId } });
  const found = request && findRole(deps.catalog, request.roleId);
  if (!request || !found || !mayApproveRole(actor, found.role)) {
    throw new AppError("NOT_FOUND", "No such request, or you do not approve this role.");
  }
  if (isSelfReview(actor, request)) {
    throw new AppError("FORBIDDEN", "You cannot approve or deny your own request. Another approver must decide.");
  }

  const now = deps.now();
  const target = decision === "APPROVE" ? "ACTIVE" : "DENIED";
  if (!canTransition(request.status, target)) {
    throw new AppError("CONFLICT", `This request is already ${request.status.toLowerCase()}.`);
  }
  // The expiry job may not have run yet: a request past its pending timeout is over all the same.
  if (now.getTime() >= request.createdAt.getTime() + found.role.pendingTimeout * 1000) {
    throw new AppError("CONFLICT", "This request waited too long for a decision and has expired. The requester can ask again.");
  }

  return deps.db.$transaction(async (tx) => {
    const endsAt = new Date(now.getTime() + request.durationSeconds * 1000);
    const changed = await tx.accessRequest.updateMany({
      where: { id: request.id, status: "PENDING", version: request.version },
      data:
        decision === "APPROVE"
          ? { status: "ACTIVE", decidedAt: now, startsAt: now, endsAt, version: { increment: 1 } }
          : { status: "DENIED", decidedAt: now, version: { increment: 1 } },
    });
    if (changed.count !== 1) {
      throw new AppError("CONFLICT", "Someone else decided this request a moment ago. Reload to see the outcome.");
    }
    await tx.review.create({ data: { requestId: request.id, reviewerId: actor.id, decision, comment, createdAt: now } });

    const audit = { actorId: actor.id, targetType: "request", targetId: request.id, requestId: request.id };
    if (decision === "APPROVE") {
      await enqueueJob(tx, { kind: REQUEST_END_WINDOW, key: `${REQUEST_END_WINDOW}:${request.id}`, payload: { requestId: request.id }, runAt: endsAt });
      await recordAuditEvent(tx, { ...audit, action: "request.approved", data: { comment: comment ?? null } }, now);
      await recordAuditEvent(tx, { ...audit, action: "request.activated", data: { endsAt: endsAt.toISOString() } }, now);
    } else {
      await recordAuditEvent(tx, { ...audit, action: "request.denied", data: { comment: comment ?? null } }, now);
    }
    return tx.accessRequest.findUniqueOrThrow({ where: { id: request.id } });
  });
}
