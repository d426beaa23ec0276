// Opening, scheduling and lengthening access windows. Each runs inside the caller's transaction,
// after the caller has locked the request row, and writes its status change, timers, audit event
// and notification together.
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { formatDuration } from "@/lib/duration";
import { AppError } from "@/lib/errors";
import type { AccessRequest, Prisma } from "@/lib/generated/prisma/client";
import type { RequestStatus } from "@/lib/generated/prisma/enums";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { notifyRequestEvent } from "@/lib/notify/request-events";
import { canTransition } from "./state";
import { REQUEST_END_WINDOW, REQUEST_START } from "./timer-jobs";

type Tx = Prisma.TransactionClient;

interface Row {
  id: string;
  status: RequestStatus;
  durationSeconds: number;
}

/** Locks a request's row for the rest of the transaction and reads it; null when there is none. */
export async function lockRequest(tx: Tx, id: string): Promise<AccessRequest | null> {
  const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "AccessRequest" WHERE id = ${id} FOR UPDATE`;
  return locked ? tx.accessRequest.findUnique({ where: { id } }) : null;
}

/** One end-of-window job per end time: an extension schedules a new one and the old one finds nothing to do. */
export function endWindowJobKey(requestId: string, endsAt: Date): string {
  return `${REQUEST_END_WINDOW}:${requestId}:${endsAt.getTime()}`;
}

async function move(tx: Tx, row: Row, to: RequestStatus, data: Prisma.AccessRequestUpdateManyMutationInput): Promise<void> {
  if (!canTransition(row.status, to)) throw new AppError("CONFLICT", `This request is ${row.status.toLowerCase()} and cannot become ${to.toLowerCase()}.`);
  const changed = await tx.accessRequest.updateMany({ where: { id: row.id, status: row.status }, data: { ...data, status: to, version: { increment: 1 } } });
  if (changed.count !== 1) throw new AppError("CONFLICT", "This request changed a moment ago. Reload to see it.");
}

/** APPROVED (or PENDING, approved this instant) → ACTIVE: the window opens now. */
export async function openWindow(tx: Tx, row: Row, now: Date, actorId: string | null): Promise<Date> {
  const endsAt = new Date(now.getTime() + row.durationSeconds * 1000);
  if (row.status === "PENDING") {
    await move(tx, row, "APPROVED", { decidedAt: now });
    row = { ...row, status: "APPROVED" };
  }
  await move(tx, row, "ACTIVE", { startsAt: now, endsAt });
  await enqueueJob(tx, { kind: REQUEST_END_WINDOW, key: endWindowJobKey(row.id, endsAt), payload: { requestId: row.id }, runAt: endsAt });
  await recordAuditEvent(
    tx,
    { actorId, action: "request.activated", targetType: "request", targetId: row.id, requestId: row.id, data: { endsAt: endsAt.toISOString() } },
    now,
  );
  await notifyRequestEvent(tx, { requestId: row.id, event: "activated", actorId, at: now });
  return endsAt;
}

/** PENDING → APPROVED with a start in the future: the start timer opens the window then. */
export async function scheduleWindow(tx: Tx, row: Row, startAt: Date, now: Date, actorId: string | null): Promise<void> {
  const endsAt = new Date(startAt.getTime() + row.durationSeconds * 1000);
  await move(tx, row, "APPROVED", { decidedAt: now, startsAt: startAt, endsAt });
  await enqueueJob(tx, { kind: REQUEST_START, key: `${REQUEST_START}:${row.id}`, payload: { requestId: row.id }, runAt: startAt });
  await enqueueJob(tx, { kind: REQUEST_END_WINDOW, key: endWindowJobKey(row.id, endsAt), payload: { requestId: row.id }, runAt: endsAt });
  await recordAuditEvent(
    tx,
    {
      actorId,
      action: "request.scheduled",
      targetType: "request",
      targetId: row.id,
      requestId: row.id,
      data: { startsAt: startAt.toISOString(), endsAt: endsAt.toISOString() },
    },
    now,
  );
}

/**
 * An approved extension lengthens the grant it extends: the grant's end moves by the extension's
 * duration. The caller holds the grant's row lock (taken before the extension's, the order
 * revocation uses too).
 */
export async function extendGrant(
  tx: Tx,
  extension: Row & { extendsId: string },
  grant: { id: string; status: RequestStatus; startsAt: Date | null; endsAt: Date | null },
  now: Date,
  actorId: string | null,
  /** The longest the whole grant may last, from its start: the rule's maximum for the role. */
  maxTotalSeconds: number,
): Promise<Date> {
  if (grant.status !== "ACTIVE" || !grant.endsAt || grant.endsAt <= now) {
    throw new AppError("CONFLICT", "The access this would extend has already ended. The requester can ask for new access instead.");
  }
  const endsAt = new Date(grant.endsAt.getTime() + extension.durationSeconds * 1000);
  // Extensions lengthen one grant; together they never make it longer than one request could be.
  const startsAt = grant.startsAt ?? now;
  if (endsAt.getTime() - startsAt.getTime() > maxTotalSeconds * 1000) {
    const left = Math.max(0, maxTotalSeconds - Math.ceil((grant.endsAt.getTime() - startsAt.getTime()) / 1000));
    throw new AppError(
      "CONFLICT",
      left >= 60
        ? `With this extension the access would last longer than its rule allows; at most ${formatDuration(left, "floor")} more can be added.`
        : "This access already lasts as long as its rule allows. Ask for new access once it ends.",
      { durationMinutes: "Longer than the rule allows in all." },
    );
  }
  const changed = await tx.accessRequest.updateMany({
    where: { id: grant.id, status: "ACTIVE", endsAt: grant.endsAt },
    data: { endsAt, version: { increment: 1 } },
  });
  if (changed.count !== 1) throw new AppError("CONFLICT", "The access this would extend changed a moment ago. Reload to see it.");
  await move(tx, extension, "APPROVED", { decidedAt: now, startsAt: grant.endsAt, endsAt });
  await enqueueJob(tx, { kind: REQUEST_END_WINDOW, key: endWindowJobKey(grant.id, endsAt), payload: { requestId: grant.id }, runAt: endsAt });
  const data = { extensionId: extension.id, from: grant.endsAt.toISOString(), endsAt: endsAt.toISOString() };
  await recordAuditEvent(tx, { actorId, action: "request.extended", targetType: "request", targetId: grant.id, requestId: grant.id, data }, now);
  await recordAuditEvent(tx, { actorId, action: "request.extended", targetType: "request", targetId: extension.id, requestId: extension.id, data }, now);
  await notifyRequestEvent(tx, { requestId: extension.id, event: "extended", actorId, at: now });
  return endsAt;
}
