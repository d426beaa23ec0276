// Audit events are written inside the same transaction as the change they record, and chained:
// hash = sha256(previous hash + canonical event) (chain-hash.ts).
//
// The chain has one head, so appending to it is the one step concurrent writers must take in
// turn. Inside an audited transaction (auditedTransaction below) an event is only queued when it
// is recorded, and the whole queue is appended as the transaction's last statement, right before
// COMMIT: the chain lock (a transaction-scoped advisory lock, released by the commit) is held from
// that one call to COMMIT instead of for the whole transaction, so unrelated requests no longer
// wait for one another's row locks, reads and notifications. The guarantees stay those of a
// same-transaction write: the events commit or roll back with the change, and the append-only,
// gapless and previous-hash rules are still enforced by the table's triggers.
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { dropJobQueue, flushJobQueue, openJobQueue } from "@/lib/jobs/enqueue-job";
import { canonicalJson } from "./chain-hash";

export const GENESIS_HASH = "0".repeat(64);
const AUDIT_CHAIN_LOCK = 727_001;

export interface AuditInput {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  requestId?: string | null;
  result?: "ok" | "refused" | "failed";
  data?: Record<string, string | number | boolean | null>;
}

type Tx = Prisma.TransactionClient;

interface AuditEventFields {
  at: Date;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  requestId: string | null;
  result: string;
  data: Record<string, string | number | boolean | null>;
}

// The events each open audited transaction has recorded and not yet appended, by its client.
const queued = new WeakMap<Tx, AuditEventFields[]>();

/**
 * Records an event in the caller's transaction. Inside auditedTransaction it joins the queue
 * appended just before commit; in any other transaction it is appended at once (correct, but
 * the chain lock is then held until that transaction ends).
 */
export async function recordAuditEvent(tx: Tx, input: AuditInput, at: Date): Promise<void> {
  const event: AuditEventFields = {
    at,
    actorId: input.actorId,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId ?? null,
    requestId: input.requestId ?? null,
    result: input.result ?? "ok",
    data: input.data ?? {},
  };
  const queue = queued.get(tx);
  if (queue) queue.push(event);
  else await appendToChain(tx, [event]);
}

export interface TransactionOptions {
  maxWait?: number;
  timeout?: number;
}

/**
 * db.$transaction for work that records audit events: the events are appended to the chain as
 * the last statements of the transaction, so the chain lock is held only from there to COMMIT.
 * The outbox jobs it queues (queueJob) are written just before them, in one INSERT.
 */
export function auditedTransaction<T>(db: Pick<PrismaClient, "$transaction">, work: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
  return db.$transaction(async (tx) => {
    const queue: AuditEventFields[] = [];
    queued.set(tx, queue);
    openJobQueue(tx);
    try {
      const result = await work(tx);
      await flushJobQueue(tx);
      if (queue.length > 0) await appendToChain(tx, queue.splice(0));
      return result;
    } finally {
      queued.delete(tx);
      dropJobQueue(tx);
    }
  }, options);
}

/**
 * Appends the events to the chain in one call to audit_chain_append(), which takes the chain
 * lock, reads the head it guards and inserts the events chained after it: the lock is held from
 * that one round trip to COMMIT. The function hashes each event's canonical form, sent from here
 * (canonicalJson, the one definition of what is hashed), after the previous hash, as chainHash
 * does; the tests hold the stored rows to chainHash and the verifier.
 */
async function appendToChain(tx: Tx, events: AuditEventFields[]): Promise<void> {
  const rows = events.map((event) => ({ ...event, at: event.at.toISOString(), canonical: canonicalJson(event as unknown as Record<string, unknown>) }));
  await tx.$queryRaw`SELECT audit_chain_append(${AUDIT_CHAIN_LOCK}::bigint, ${JSON.stringify(rows)}::jsonb)::text`;
}
