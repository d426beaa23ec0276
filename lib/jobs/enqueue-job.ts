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

export async function enqueueJob(tx: Prisma.TransactionClient, input: EnqueueJobInput): Promise<{ created: boolean }> {
  const { count } = await tx.job.createMany({
    data: [
      {
        kind: input.kind,
        payload: input.payload,
        key: input.key,
        runAt: input.runAt,
        maxAttempts: input.maxAttempts,
        orderGroup: input.order?.group,
        orderLane: input.order?.lane,
        orderKey: input.order?.key,
      },
    ],
    skipDuplicates: true,
  });
  return { created: count === 1 };
}
