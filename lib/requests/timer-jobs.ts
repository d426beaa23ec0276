// Time-driven transitions, run by the outbox runner when they fall due: a pending request that
// nobody decided expires, a scheduled grant opens, and a grant whose window has passed ends (with
// the extensions that lengthened it). Each locks or conditionally updates its row, so it loses
// cleanly to a decision or a revocation that got there first.
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Deps } from "@/lib/context";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RequestStatus } from "@/lib/generated/prisma/enums";
import type { JobHandlers } from "@/lib/jobs/types";
import { notifyRequestEvent } from "@/lib/notify/request-events";

export const REQUEST_EXPIRE = "request.expire";
export const REQUEST_START = "request.start";
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
            await notifyRequestEvent(tx, { requestId, event: "expired", actorId: null, at: now });
          }
        });
      },
    },
    [REQUEST_START]: {
      async run(payload) {
        const requestId = requestIdOf(payload);
        const now = deps.now();
        await deps.db.$transaction(async (tx) => {
          const changed = await tx.accessRequest.updateMany({
            where: { id: requestId, status: "APPROVED", kind: { not: "EXTENSION" }, startsAt: { lte: now }, endsAt: { gt: now } },
            data: { status: "ACTIVE", version: { increment: 1 } },
          });
          if (changed.count === 1) {
            const { endsAt } = await tx.accessRequest.findUniqueOrThrow({ where: { id: requestId }, select: { endsAt: true } });
            await recordAuditEvent(
              tx,
              { actorId: null, action: "request.activated", targetType: "request", targetId: requestId, requestId, data: { endsAt: endsAt?.toISOString() ?? null, scheduled: true } },
              now,
            );
            await notifyRequestEvent(tx, { requestId, event: "activated", actorId: null, at: now });
          }
        });
      },
    },
    [REQUEST_END_WINDOW]: {
      async run(payload) {
        const requestId = requestIdOf(payload);
        const now = deps.now();
        await deps.db.$transaction(async (tx) => {
          // A grant extended since this job was scheduled has a later end and a later job of its own.
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
            await notifyRequestEvent(tx, { requestId, event: "ended", actorId: null, at: now });
            await closeExtensions(tx, requestId, "ENDED", now, null);
          }
        });
      },
    },
  };
}

/** Approved extensions end with the grant they lengthened; pending ones have nothing left to extend. */
export async function closeExtensions(
  tx: Prisma.TransactionClient,
  grantId: string,
  to: Extract<RequestStatus, "ENDED" | "REVOKED">,
  now: Date,
  actorId: string | null,
): Promise<void> {
  const extensions = await tx.accessRequest.findMany({ where: { extendsId: grantId, status: { in: ["APPROVED", "PENDING"] } }, select: { id: true, status: true } });
  for (const extension of extensions) {
    const next = extension.status === "PENDING" ? "CANCELLED" : to;
    const changed = await tx.accessRequest.updateMany({
      where: { id: extension.id, status: extension.status },
      data: { status: next, closedAt: now, closedById: actorId, closeReason: "The access it extended is over.", version: { increment: 1 } },
    });
    if (changed.count === 1) {
      const action = next === "CANCELLED" ? "request.cancelled" : next === "REVOKED" ? "request.revoked" : "request.ended";
      await recordAuditEvent(
        tx,
        { actorId, action, targetType: "request", targetId: extension.id, requestId: extension.id, data: { reason: "the access it extended is over", grantId } },
        now,
      );
    }
  }
}
