// The after-the-fact review of a break-glass activation: an approver of its rule (or an admin),
// never the person who broke the glass, records what they found and closes the task.
import { auditRefusals } from "@/lib/audit/audit-refusals";
import { auditedTransaction, recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { reviewSchema } from "./review-input";
import type { Actor } from "@/lib/policy/access";
import { can } from "@/lib/policy/permissions";

export function completeReview(deps: Deps, options: { actor: Actor; requestId: string; notes: string }) {
  const id = String(options.requestId).slice(0, 64);
  return auditRefusals(deps, { actorId: options.actor.id, action: "review-task.complete", targetType: "request", targetId: id, requestId: id }, () =>
    complete(deps, options),
  );
}

async function complete(deps: Deps, options: { actor: Actor; requestId: string; notes: string }) {
  const parsed = reviewSchema.safeParse(options);
  if (!parsed.success)
    throw new AppError("INVALID_INPUT", parsed.error.issues[0]?.message ?? "Invalid review.", { notes: parsed.error.issues[0]?.message ?? "" });
  const { actor } = options;
  const { requestId, notes } = parsed.data;
  const request = await deps.db.accessRequest.findUnique({
    where: { id: requestId },
    select: { id: true, ruleId: true, requesterId: true, requester: { select: { email: true } } },
  });
  const subject = request && { request: { ruleId: request.ruleId, requesterId: request.requesterId, requesterEmail: request.requester.email } };
  if (!subject || !can(actor, "request.oversee", subject, deps.catalog)) throw new AppError("NOT_FOUND", "No such review, or you do not review this role.");
  if (!can(actor, "review.complete", subject, deps.catalog)) throw new AppError("FORBIDDEN", "Someone else must review your own break-glass access.");

  const now = deps.now();
  return auditedTransaction(deps.db, async (tx) => {
    const changed = await tx.reviewTask.updateMany({
      where: { requestId, status: "OPEN" },
      data: { status: "DONE", completedAt: now, completedById: actor.id, notes },
    });
    if (changed.count !== 1) {
      const task = await tx.reviewTask.findUnique({ where: { requestId } });
      if (!task) throw new AppError("NOT_FOUND", "This request has no review to complete.");
      throw new AppError("CONFLICT", "This review was completed a moment ago. Reload to see it.");
    }
    await recordAuditEvent(
      tx,
      { actorId: actor.id, action: "review-task.completed", targetType: "request", targetId: requestId, requestId, data: { notes } },
      now,
    );
    return tx.reviewTask.findUniqueOrThrow({ where: { requestId } });
  });
}
