// Time-driven transitions, run by the outbox runner when they fall due: a pending request that
// nobody decided expires, a scheduled grant opens, and a grant whose window has passed ends (with
// the extensions that lengthened it). Each locks or conditionally updates its row, so it loses
// cleanly to a decision or a revocation that got there first.
import type { Deps } from "@/lib/context";
import { auditedTransaction } from "@/lib/audit/record-audit-event";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RequestStatus } from "@/lib/generated/prisma/enums";
import type { JobHandlers } from "@/lib/jobs/types";
import { transition } from "./transition";

export const REQUEST_EXPIRE = "request.expire";
export const REQUEST_START = "request.start";
export const REQUEST_END_WINDOW = "request.end-window";

function requestIdOf(payload: unknown): string {
  const id = (payload as { requestId?: unknown } | null)?.requestId;
  if (typeof id !== "string") throw new Error("job payload has no requestId");
  return id;
}

export function timerJobHandlers(deps: Deps): JobHandlers {
  const run = (work: (tx: Prisma.TransactionClient, requestId: string, now: Date) => Promise<unknown>) => ({
    async run(payload: unknown) {
      const requestId = requestIdOf(payload);
      const now = deps.now();
      await auditedTransaction(deps.db, (tx) => work(tx, requestId, now));
    },
  });
  return {
    [REQUEST_EXPIRE]: run((tx, requestId, now) =>
      transition(tx, requestId, {
        to: "EXPIRED",
        now,
        when: (row) => row.status === "PENDING",
        data: { decidedAt: now },
        audit: { actorId: null, action: "request.expired" },
        notify: { event: "expired", actorId: null },
      }),
    ),
    [REQUEST_START]: run((tx, requestId, now) =>
      transition(tx, requestId, {
        to: "ACTIVE",
        now,
        when: (row) =>
          row.status === "APPROVED" && row.kind !== "EXTENSION" && row.startsAt !== null && row.startsAt <= now && row.endsAt !== null && row.endsAt > now,
        audit: { actorId: null, action: "request.activated", data: (row) => ({ endsAt: row.endsAt?.toISOString() ?? null, scheduled: true }) },
        notify: { event: "activated", actorId: null },
      }),
    ),
    [REQUEST_END_WINDOW]: run(async (tx, requestId, now) => {
      // A grant extended since this job was scheduled has a later end and a later job of its own.
      const ended = await transition(tx, requestId, {
        to: "ENDED",
        now,
        when: (row) => (row.status === "ACTIVE" || row.status === "APPROVED") && row.endsAt !== null && row.endsAt <= now,
        data: { closedAt: now, closeReason: "The access window ended." },
        audit: { actorId: null, action: "request.ended", data: { reason: "window ended" } },
        notify: { event: "ended", actorId: null },
      });
      if (ended.changed) await closeExtensions(tx, requestId, "ENDED", now, null);
    }),
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
  const extensions = await tx.accessRequest.findMany({
    where: { extendsId: grantId, status: { in: ["APPROVED", "PENDING"] } },
    select: { id: true, status: true },
  });
  for (const extension of extensions) {
    const next = extension.status === "PENDING" ? "CANCELLED" : to;
    await transition(tx, extension.id, {
      to: next,
      now,
      when: (row) => row.status === extension.status,
      data: { closedAt: now, closedById: actorId, closeReason: "The access it extended is over." },
      audit: {
        actorId,
        action: next === "CANCELLED" ? "request.cancelled" : next === "REVOKED" ? "request.revoked" : "request.ended",
        data: { reason: "the access it extended is over", grantId },
      },
      // A pending extension's messages still offer Approve and Deny: they must be updated to say it
      // is over. Approved ones end with the grant, whose own messages say so already.
      notify: next === "CANCELLED" ? { event: "cancelled", actorId } : undefined,
    });
  }
}
