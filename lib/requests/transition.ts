// The one gate every write to a request row passes after its creation. A status change locks the
// row, checks the state map, writes with a conditional update, records its audit event and
// enqueues its notification, all in the caller's transaction. A test fails the build if any other
// file updates a request row.
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { accessRequestColumns } from "@/lib/db/columns";
import { AppError } from "@/lib/errors";
import type { AccessRequest, Prisma } from "@/lib/generated/prisma/client";
import type { RequestStatus } from "@/lib/generated/prisma/enums";
import { notifyRequestEvent, type RequestEventName } from "@/lib/notify/request-events";
import { canTransition } from "./state";

type Tx = Prisma.TransactionClient;
type AuditData = Record<string, string | number | boolean | null>;

/** The columns a guard can look at, read under the lock. */
interface LockedRequest {
  id: string;
  status: RequestStatus;
  kind: AccessRequest["kind"];
  requesterId: string;
  roleId: string;
  startsAt: Date | null;
  endsAt: Date | null;
  setIndex: number | null;
}

/** Locks a request's row for the rest of the transaction and reads it whole; null when there is none. */
export async function lockRequest(tx: Tx, id: string): Promise<AccessRequest | null> {
  // One round trip: the lock and the read in one statement (every column is a scalar Prisma maps as
  // it would), its columns named so that it is kept prepared.
  const [locked] = await tx.$queryRaw<AccessRequest[]>`SELECT ${accessRequestColumns("r")} FROM "AccessRequest" r WHERE r.id = ${id} FOR UPDATE`;
  return locked ?? null;
}

async function lockForTransition(tx: Tx, id: string): Promise<LockedRequest | null> {
  const [row] = await tx.$queryRaw<LockedRequest[]>`
    SELECT id, status, kind, "requesterId", "roleId", "startsAt", "endsAt", "setIndex" FROM "AccessRequest" WHERE id = ${id} FOR UPDATE`;
  return row ?? null;
}

export interface TransitionOptions {
  to: RequestStatus;
  now: Date;
  /** Only when this holds for the locked row (a timer's due condition); otherwise nothing changes. */
  when?: (row: LockedRequest) => boolean;
  /** Other columns written with the status. */
  data?: Omit<Prisma.AccessRequestUpdateManyMutationInput, "status" | "version">;
  /**
   * The change's audit event. Null only for a step whose event the caller has already recorded in
   * this transaction (an approval that passes through APPROVED to ACTIVE at once).
   */
  audit: { actorId: string | null; action: string; data?: AuditData | ((row: LockedRequest) => AuditData) } | null;
  notify?: { event: RequestEventName; actorId: string | null };
}

export type TransitionResult = { changed: true; from: RequestStatus } | { changed: false; current: LockedRequest | null };

/**
 * Moves one request to `to` if the map (and `when`) allow it now. Returns what was there when it
 * does not: callers that must refuse say why in their own words, timers simply do nothing.
 */
export async function transition(tx: Tx, requestId: string, options: TransitionOptions): Promise<TransitionResult> {
  const row = await lockForTransition(tx, requestId);
  if (!row || !canTransition(row.status, options.to) || (options.when && !options.when(row))) return { changed: false, current: row };
  // Conditional as well as locked: a row changed by a writer that did not lock is never overwritten.
  const changed = await tx.accessRequest.updateMany({
    where: { id: requestId, status: row.status },
    data: { ...options.data, status: options.to, version: { increment: 1 } },
  });
  if (changed.count !== 1) throw new AppError("CONFLICT", "This request changed a moment ago. Reload to see it.");
  if (options.audit) {
    const { actorId, action, data } = options.audit;
    const details = typeof data === "function" ? data(row) : data;
    await recordAuditEvent(tx, { actorId, action, targetType: "request", targetId: requestId, requestId, data: details }, options.now);
  }
  if (options.notify) {
    await notifyRequestEvent(tx, { requestId, event: options.notify.event, actorId: options.notify.actorId, at: options.now }, row.setIndex);
  }
  return { changed: true, from: row.status };
}

/** transition, refusing with a conflict that names the current status when the move is not allowed. */
export async function transitionOrThrow(tx: Tx, requestId: string, options: TransitionOptions): Promise<RequestStatus> {
  const result = await transition(tx, requestId, options);
  if (result.changed) return result.from;
  if (!result.current) throw new AppError("NOT_FOUND", "No such request.");
  throw new AppError("CONFLICT", `This request is ${result.current.status.toLowerCase()} and cannot become ${options.to.toLowerCase()}.`);
}

/** Moves an active grant's end (an approved extension), if it still ends where the caller saw it end. */
export async function moveGrantEnd(tx: Tx, grant: { id: string; endsAt: Date }, endsAt: Date): Promise<void> {
  const changed = await tx.accessRequest.updateMany({
    where: { id: grant.id, status: "ACTIVE", endsAt: grant.endsAt },
    data: { endsAt, version: { increment: 1 } },
  });
  if (changed.count !== 1) throw new AppError("CONFLICT", "The access this would extend changed a moment ago. Reload to see it.");
}

/** A change that is not a status change (an approval recorded on the way to N): the version moves. */
export async function touchRequest(tx: Tx, requestId: string): Promise<void> {
  await tx.accessRequest.updateMany({ where: { id: requestId }, data: { version: { increment: 1 } } });
}
