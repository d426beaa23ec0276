// Time-driven transitions, run by the outbox runner when they fall due: a pending request that
// nobody decided expires, and an active grant whose window has passed ends. Each is a conditional
// update, so it loses cleanly to a decision or a revocation that got there first.
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Deps } from "@/lib/context";
import type { JobHandlers } from "@/lib/jobs/types";

export const REQUEST_EXPIRE = "request.expire";
export const REQUEST_END_WINDOW = "request.end-window";

function requestIdOf(payload: unknown): string {
  const id = (payload as { requestId?: unknown } | null)?.requestId;
  if (typeof id !== "string") throw new Error("job payload has no requestId");
  return id;
}

export function timerJobHandlers(deps: Deps): JobHandlers {
  return {
    [REQUEST_EXPIRE]: {
      async run(payload) {
        const requestId = requestIdOf(payload);
        const now = deps.now();
        await deps.db.$transaction(async (tx) => {
          const changed = await tx.accessRequest.updateMany({
            where: { id: requestId, status: "PENDING" },
            data: { status: "EXPIRED", decidedAt: now, version: { increment: 1 } },
          });
          if (changed.count === 1) {
            await recordAuditEvent(tx, { actorId: null, action: "request.expired", targetType: "request", targetId: requestId, requestId }, now);
          }
        });
      },
    },
    [REQUEST_END_WINDOW]: {
      async run(payload) {
        const requestId = requestIdOf(payload);
        const now = deps.now();
        await deps.db.$transaction(async (tx) => {
          const changed = await tx.accessRequest.updateMany({
            where: { id: requestId, status: { in: ["ACTIVE", "APPROVED"] }, endsAt: { lte: now } },
            data: { status: "ENDED", closedAt: now, closeReason: "The access window ended.", version: { increment: 1 } },
          });
          if (changed.count === 1) {
            await recordAuditEvent(
              tx,
              { actorId: null, action: "request.ended", targetType: "request", targetId: requestId, requestId, data: { reason: "window ended" } },
              now,
            );
          }
        });
      },
    },
  };
}
