// Outbox writes: a job is recorded in the same transaction as the change that causes it, so it
// exists exactly when that change committed.
import type { Prisma } from "@/lib/generated/prisma/client";

export interface EnqueueJobInput {
  kind: string;
  payload: Prisma.InputJsonObject;
  /** At most one job ever exists per key: enqueueing it again is a no-op. */
  key?: string;
  /** When it becomes due; pass the use case's clock (the database's own time otherwise). */
  runAt?: Date;
  maxAttempts?: number;
  /** Runs only after every earlier job of its lane (and every earlier fan-out) in its group. */
  order?: JobOrder;
}

interface JobOrder {
  group: string;
  /** "fanout" for a job that creates the group's later jobs; anything else names a lane. */
  lane: string;
  key: bigint;
}

export const FANOUT_LANE = "fanout";

/** Records the job now, saying whether it was new (false: a job with its key already existed). */
export async function enqueueJob(tx: Prisma.TransactionClient, input: EnqueueJobInput): Promise<{ created: boolean }> {
  const { count } = await tx.job.createMany({ data: [row(input)], skipDuplicates: true });
  return { created: count === 1 };
}

const row = (input: EnqueueJobInput) => ({
  kind: input.kind,
  payload: input.payload,
  key: input.key,
  runAt: input.runAt,
  maxAttempts: input.maxAttempts,
  orderGroup: input.order?.group,
  orderLane: input.order?.lane,
  orderKey: input.order?.key,
});

// Jobs queued by an open audited transaction (lib/audit/record-audit-event.ts), by its client:
// written together, in one INSERT, just before its audit events and COMMIT.
const queued = new WeakMap<Prisma.TransactionClient, EnqueueJobInput[]>();

/**
 * For a use case that does not need to know whether the job was new: inside an audited
 * transaction it joins the transaction's one outbox INSERT; anywhere else it is written at once.
 * Nothing reads the outbox inside a use case's transaction, so the later write changes nothing
 * but the number of round trips.
 */
export async function queueJob(tx: Prisma.TransactionClient, input: EnqueueJobInput): Promise<void> {
  const queue = queued.get(tx);
  if (queue) queue.push(input);
  else await enqueueJob(tx, input);
}

/** Called by auditedTransaction: from now on queueJob(tx) collects instead of writing. */
export function openJobQueue(tx: Prisma.TransactionClient): void {
  queued.set(tx, []);
}

/** Writes what queueJob collected (a repeated key once, as enqueueJob would) and closes the queue. */
export async function flushJobQueue(tx: Prisma.TransactionClient): Promise<void> {
  const queue = queued.get(tx) ?? [];
  queued.delete(tx);
  if (queue.length > 0) await tx.job.createMany({ data: queue.map(row), skipDuplicates: true });
}

/** Forgets the queue of a transaction that failed. */
export function dropJobQueue(tx: Prisma.TransactionClient): void {
  queued.delete(tx);
}
