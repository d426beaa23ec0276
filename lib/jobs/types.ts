// The contract between the outbox runner and the code that does the work.
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

export interface RunningJob {
  id: string;
  kind: string;
  /** Including this one. */
  attempts: number;
  maxAttempts: number;
}

export interface JobHandler {
  /**
   * Jobs of one group never run at the same time on any instance: for work whose outcome depends
   * on the order of writes to one shared thing (one role's inline policy, say).
   */
  group?(payload: Prisma.JsonValue): string | null;
  /** Throws to have the job retried later. Must be idempotent: a job may run again after a crash. */
  run(payload: Prisma.JsonValue, job: RunningJob): Promise<void>;
}

/** Handlers by job kind. An instance only claims the kinds it has a handler for. */
export type JobHandlers = Record<string, JobHandler>;

export interface JobRunnerDeps {
  db: PrismaClient;
  now: () => Date;
  /** For the retry jitter; Math.random unless a test pins it. */
  random?: () => number;
}
