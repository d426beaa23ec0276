// Opening, scheduling and lengthening access windows. Each runs inside the caller's transaction,
// after the caller has locked the request row, and writes its status change (through the gate),
// timers, audit event and notification together.
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RequestStatus } from "@/lib/generated/prisma/enums";
import { queueJob } from "@/lib/jobs/enqueue-job";
import { evaluateExtension } from "@/lib/policy/evaluate-decision";
import { REQUEST_END_WINDOW, REQUEST_START } from "./timer-jobs";
import { moveGrantEnd, transitionOrThrow } from "./transition";

type Tx = Prisma.TransactionClient;

interface Row {
  id: string;
  status: RequestStatus;
  durationSeconds: number;
}

/** One end-of-window job per end time: an extension schedules a new one and the old one finds nothing to do. */
function endWindowJobKey(requestId: string, endsAt: Date): string {
  return `${REQUEST_END_WINDOW}:${requestId}:${endsAt.getTime()}`;
}

/** APPROVED (or PENDING, approved this instant) → ACTIVE: the window opens now. */
export async function openWindow(tx: Tx, row: Row, now: Date, actorId: string | null): Promise<Date> {
  const endsAt = new Date(now.getTime() + row.durationSeconds * 1000);
  if (row.status === "PENDING") {
    // The approval's audit event and notification are the caller's; this step records the decision time.
    await transitionOrThrow(tx, row.id, { to: "APPROVED", now, data: { decidedAt: now }, audit: null });
  }
  await transitionOrThrow(tx, row.id, {
    to: "ACTIVE",
    now,
    data: { startsAt: now, endsAt },
    audit: { actorId, action: "request.activated", data: { endsAt: endsAt.toISOString() } },
    notify: { event: "activated", actorId },
  });
  await queueJob(tx, { kind: REQUEST_END_WINDOW, key: endWindowJobKey(row.id, endsAt), payload: { requestId: row.id }, runAt: endsAt });
  return endsAt;
}

/** PENDING → APPROVED with a start in the future: the start timer opens the window then. */
export async function scheduleWindow(tx: Tx, row: Row, startAt: Date, now: Date, actorId: string | null): Promise<void> {
  const endsAt = new Date(startAt.getTime() + row.durationSeconds * 1000);
  await transitionOrThrow(tx, row.id, {
    to: "APPROVED",
    now,
    data: { decidedAt: now, startsAt: startAt, endsAt },
    audit: { actorId, action: "request.scheduled", data: { startsAt: startAt.toISOString(), endsAt: endsAt.toISOString() } },
  });
  await queueJob(tx, { kind: REQUEST_START, key: `${REQUEST_START}:${row.id}`, payload: { requestId: row.id }, runAt: startAt });
  await queueJob(tx, { kind: REQUEST_END_WINDOW, key: endWindowJobKey(row.id, endsAt), payload: { requestId: row.id }, runAt: endsAt });
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
  const allowed = evaluateExtension({ grant, extensionSeconds: extension.durationSeconds, maxTotalSeconds, now });
  if (!allowed.ok) throw new AppError(allowed.refusal.code, allowed.refusal.message, allowed.refusal.fields);
  if (!grant.endsAt) throw new AppError("CONFLICT", "The access this would extend has already ended.");
  const { endsAt } = allowed;
  await moveGrantEnd(tx, { id: grant.id, endsAt: grant.endsAt }, endsAt);
  const data = { extensionId: extension.id, from: grant.endsAt.toISOString(), endsAt: endsAt.toISOString() };
  await recordAuditEvent(tx, { actorId, action: "request.extended", targetType: "request", targetId: grant.id, requestId: grant.id, data }, now);
  await transitionOrThrow(tx, extension.id, {
    to: "APPROVED",
    now,
    data: { decidedAt: now, startsAt: grant.endsAt, endsAt },
    audit: { actorId, action: "request.extended", data },
    notify: { event: "extended", actorId },
  });
  await queueJob(tx, { kind: REQUEST_END_WINDOW, key: endWindowJobKey(grant.id, endsAt), payload: { requestId: grant.id }, runAt: endsAt });
  return endsAt;
}
