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
}

export async function enqueueJob(tx: Prisma.TransactionClient, input: EnqueueJobInput): Promise<{ created: boolean }> {
  const { count } = await tx.job.createMany({
    data: [{ kind: input.kind, payload: input.payload, key: input.key, runAt: input.runAt, maxAttempts: input.maxAttempts }],
    skipDuplicates: true,
  });
  return { created: count === 1 };
}
