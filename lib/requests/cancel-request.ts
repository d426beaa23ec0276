import type { Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { auditRefusals } from "@/lib/audit/audit-refusals";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { notifyRequestEvent } from "@/lib/notify/request-events";
import type { Actor } from "@/lib/policy/access";
import { endSchema } from "./close-input";

/** The requester withdraws a request nobody has decided yet. */
export function cancelRequest(deps: Deps, options: { actor: Actor; requestId: string }) {
  const attempt = { actorId: options.actor.id, action: "request.cancel", targetType: "request", targetId: options.requestId, requestId: options.requestId };
  return auditRefusals(deps, attempt, () => cancel(deps, options));
}

async function cancel(deps: Deps, options: { actor: Actor; requestId: string }) {
  const parsed = endSchema.safeParse(options);
  if (!parsed.success) throw new AppError("INVALID_INPUT", parsed.error.issues[0]?.message ?? "No such request.");
  const { actor } = options;
  const { requestId } = parsed.data;
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    // requesterId in the where: someone else's id is simply not found.
    const changed = await tx.accessRequest.updateMany({
      where: { id: requestId, requesterId: actor.id, status: "PENDING" },
      data: { status: "CANCELLED", decidedAt: now, version: { increment: 1 } },
    });
    if (changed.count !== 1) {
      const exists = await tx.accessRequest.findFirst({ where: { id: requestId, requesterId: actor.id } });
      if (!exists) throw new AppError("NOT_FOUND", "No such request.");
      throw new AppError("CONFLICT", `This request is already ${exists.status.toLowerCase()} and can no longer be cancelled.`);
    }
    await recordAuditEvent(
      tx,
      { actorId: actor.id, action: "request.cancelled", targetType: "request", targetId: requestId, requestId },
      now,
    );
    await notifyRequestEvent(tx, { requestId, event: "cancelled", actorId: actor.id, at: now });
  });
}
