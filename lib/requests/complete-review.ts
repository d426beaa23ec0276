// The after-the-fact review of a break-glass activation: an approver of its rule (or an admin),
// never the person who broke the glass, records what they found and closes the task. Break glass on
// several roles at once is one activation and gets one review: whoever completes it must be allowed
// to review every one of the roles, exactly as a set is decided and revoked.
import { auditRefusals } from "@/lib/audit/audit-refusals";
import { auditedTransaction, recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { reviewSchema } from "./review-input";
import type { Actor } from "@/lib/policy/access";
import { can, canEvery, requestSubject } from "@/lib/policy/permissions";
import { setSubjects } from "./revoke-request";

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
    select: { id: true, ruleId: true, setId: true, requesterId: true, requester: { select: { email: true } } },
  });
  const subject = request && requestSubject(request);
  if (!request || !subject || !can(actor, "request.oversee", subject, deps.catalog))
    throw new AppError("NOT_FOUND", "No such review, or you do not review this role.");
  const subjects = request.setId ? await setSubjects(deps, request.setId) : [subject];
  if (!canEvery(actor, "review.complete", subjects, deps.catalog)) {
    throw new AppError(
      "FORBIDDEN",
      request.requesterId === actor.id
        ? "Someone else must review your own break-glass access."
        : "Only someone who reviews every role of this request can complete its review.",
    );
  }

  const now = deps.now();
  const members = request.setId ? { setId: request.setId } : { id: requestId };
  return auditedTransaction(deps.db, async (tx) => {
    const ids = (await tx.accessRequest.findMany({ where: members, select: { id: true }, orderBy: { setIndex: "asc" } })).map((m) => m.id);
    const changed = await tx.reviewTask.updateMany({
      where: { requestId: { in: ids }, status: "OPEN" },
      data: { status: "DONE", completedAt: now, completedById: actor.id, notes },
    });
    const task = await tx.reviewTask.findFirst({ where: { requestId: { in: ids } }, orderBy: { createdAt: "asc" } });
    if (changed.count === 0) {
      if (!task) throw new AppError("NOT_FOUND", "This request has no review to complete.");
      throw new AppError("CONFLICT", "This review was completed a moment ago. Reload to see it.");
    }
    // One event per role, as for every step of a set: each role's own trail says it was reviewed.
    for (const id of ids) {
      await recordAuditEvent(
        tx,
        { actorId: actor.id, action: "review-task.completed", targetType: "request", targetId: id, requestId: id, data: { notes } },
        now,
      );
    }
    return task!;
  });
}
