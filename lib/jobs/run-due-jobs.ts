// Runs due outbox jobs. Any number of app instances may call this at once: each job is leased by
// exactly one of them (FOR UPDATE SKIP LOCKED), and its handler runs only after that lease has
// committed, so no network call ever happens inside a database transaction.
import { AppError } from "@/lib/errors";
import { auditedTransaction } from "@/lib/audit/record-audit-event";
import { Prisma } from "@/lib/generated/prisma/client";
import { retryDelayMs } from "./backoff";
import { FANOUT_LANE } from "./enqueue-job";
import { jobErrorText } from "./job-error";
import { RetryLater } from "./retry-later";
import type { JobHandlers, JobRunnerDeps, RunningJob } from "./types";

export interface RunDueJobsOptions {
  /** Most jobs leased by one call. */
  limit?: number;
  /** How long a lease lasts: a runner that dies mid-job frees it for another after this. */
  lockSeconds?: number;
  /** How often a running job's lease is renewed (default: a third of the lease). */
  heartbeatMs?: number;
}

export interface RunSummary {
  claimed: number;
  done: number;
  retried: number;
  failed: number;
}

type ClaimedJob = RunningJob & { payload: Prisma.JsonValue };

interface Candidate {
  id: string;
  kind: string;
  payload: Prisma.JsonValue;
  attempts: number;
  maxAttempts: number;
}

// Ordered jobs (orderGroup set) wait, unclaimed and so without using attempts, while an earlier job
// of their lane, or an earlier fan-out of their group, is still pending (running, or waiting for a
// retry). A fan-out creates its jobs before it is done, so what it creates is never overtaken.
const notBehindEarlierJobs = Prisma.sql`(j."orderGroup" IS NULL OR NOT EXISTS (
  SELECT 1 FROM "Job" e
  WHERE e."orderGroup" = j."orderGroup" AND e.status = 'PENDING' AND e.id <> j.id
    AND (
      (e."orderLane" = j."orderLane" AND (e."orderKey" < j."orderKey" OR (e."orderKey" = j."orderKey" AND e.id < j.id)))
      OR (e."orderLane" = ${FANOUT_LANE} AND e."orderKey" < j."orderKey")
    )))`;

// The advisory-lock namespace for job groups (the second key is the group's hash).
const GROUP_LOCK_SPACE = 727_002;

export async function runDueJobs(deps: JobRunnerDeps, handlers: JobHandlers, options: RunDueJobsOptions = {}): Promise<RunSummary> {
  const limit = options.limit ?? 10;
  const lockSeconds = options.lockSeconds ?? 120;
  const leaseUntil = new Date(deps.now().getTime() + lockSeconds * 1000);
  const jobs = await claim(deps, handlers, limit, leaseUntil);
  const heartbeatMs = options.heartbeatMs ?? (lockSeconds * 1000) / 3;
  const outcomes = await Promise.all(jobs.map((job) => runOne(deps, handlers, job, startHeartbeat(deps, job, leaseUntil, lockSeconds, heartbeatMs))));
  return {
    claimed: jobs.length,
    done: outcomes.filter((o) => o === "done").length,
    retried: outcomes.filter((o) => o === "retried").length,
    failed: outcomes.filter((o) => o === "failed").length,
  };
}

async function claim(deps: JobRunnerDeps, handlers: JobHandlers, limit: number, leaseUntil: Date): Promise<ClaimedJob[]> {
  const kinds = Object.keys(handlers);
  if (kinds.length === 0 || limit < 1) return [];
  const now = deps.now();
  return auditedTransaction(deps.db, async (tx) => {
    // More candidates than the limit: some may be passed over because their group is busy.
    const candidates = await tx.$queryRaw<Candidate[]>`
      SELECT id, kind, payload, attempts, "maxAttempts" FROM "Job" j
      WHERE status = 'PENDING' AND "runAt" <= ${now} AND ("lockedUntil" IS NULL OR "lockedUntil" <= ${now})
        AND kind IN (${Prisma.join(kinds)})
        AND ${notBehindEarlierJobs}
      ORDER BY "runAt", id
      LIMIT ${limit * 4}
      FOR UPDATE SKIP LOCKED`;

    const chosen: Candidate[] = [];
    const groupsTaken = new Set<string>();
    for (const job of candidates) {
      if (chosen.length >= limit) break;
      const group = handlers[job.kind]?.group?.(job.payload) ?? null;
      if (group !== null) {
        if (groupsTaken.has(group) || !(await lockGroup(tx, group)) || (await groupIsLeased(tx, handlers, group, now))) continue;
        groupsTaken.add(group);
      }
      chosen.push(job);
    }
    if (chosen.length === 0) return [];
    // The attempt counts from the lease: a runner that dies mid-job has still used one.
    await tx.job.updateMany({ where: { id: { in: chosen.map((j) => j.id) } }, data: { attempts: { increment: 1 }, lockedUntil: leaseUntil } });
    return chosen.map((j) => ({ id: j.id, kind: j.kind, payload: j.payload, attempts: j.attempts + 1, maxAttempts: j.maxAttempts }));
  });
}

/**
 * Held until this claim commits: two runners cannot lease jobs of one group at the same moment,
 * and whoever takes it next sees the lease the other committed.
 */
async function lockGroup(tx: Prisma.TransactionClient, group: string): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${GROUP_LOCK_SPACE}::int, hashtext(${group})) AS locked`;
  return row?.locked === true;
}

/** Whether a job of this group is leased right now (running elsewhere). Read after lockGroup. */
async function groupIsLeased(tx: Prisma.TransactionClient, handlers: JobHandlers, group: string, now: Date): Promise<boolean> {
  const leased = await tx.job.findMany({
    where: { status: "PENDING", lockedUntil: { gt: now }, kind: { in: Object.keys(handlers) } },
    select: { kind: true, payload: true },
  });
  return leased.some((job) => handlers[job.kind]?.group?.(job.payload) === group);
}

type Outcome = "done" | "retried" | "failed" | "lost" | "waiting";

/**
 * Renews the job's lease while it runs, so a lease can be short: a runner that dies stops renewing
 * and its job is taken over within one lease, not after a long one sized for the slowest job.
 */
interface Heartbeat {
  lease: { until: Date };
  /** Stops renewing; once it resolves, lease.until is the lease the database holds. */
  stop(): Promise<void>;
}

function startHeartbeat(deps: JobRunnerDeps, job: ClaimedJob, leaseUntil: Date, lockSeconds: number, heartbeatMs: number): Heartbeat {
  const lease = { until: leaseUntil };
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = renewing.then(async () => {
      const next = new Date(deps.now().getTime() + lockSeconds * 1000);
      try {
        const { count } = await deps.db.job.updateMany({ where: { id: job.id, status: "PENDING", lockedUntil: lease.until }, data: { lockedUntil: next } });
        if (count === 1) lease.until = next;
      } catch {
        // The database is away: the lease may run out, and the job's idempotency covers a takeover.
      }
    });
  }, heartbeatMs);
  timer.unref();
  return {
    lease,
    async stop() {
      clearInterval(timer);
      await renewing;
    },
  };
}

async function runOne(deps: JobRunnerDeps, handlers: JobHandlers, job: ClaimedJob, heartbeat: Heartbeat): Promise<Outcome> {
  // Read when the outcome is written, after the heartbeat stopped: it may have moved the lease.
  const ours = () => ({ id: job.id, status: "PENDING" as const, lockedUntil: heartbeat.lease.until });
  try {
    const handler = handlers[job.kind];
    if (!handler) throw new Error(`No handler for job kind ${job.kind}`);
    try {
      await handler.run(job.payload, { id: job.id, kind: job.kind, attempts: job.attempts, maxAttempts: job.maxAttempts });
    } finally {
      await heartbeat.stop();
    }
  } catch (error) {
    if (error instanceof RetryLater) {
      // Not a failure: the attempt the lease counted is given back.
      const changed = await deps.db.job.updateMany({
        where: ours(),
        data: { attempts: { decrement: 1 }, lockedUntil: null, lastError: error.reason.slice(0, 1000), runAt: new Date(deps.now().getTime() + error.delayMs) },
      });
      return changed.count === 1 ? "waiting" : lost(job);
    }
    const label = `[frontdesk] job ${job.id} (${job.kind}) attempt ${job.attempts}/${job.maxAttempts} failed:`;
    // Expected failures (AWS unreachable, say) in one line; anything else with its stack.
    if (error instanceof AppError) console.warn(label, error.userMessage);
    else console.error(label, error);
    const now = deps.now();
    const lastError = jobErrorText(error, job.id);
    const giveUp = job.attempts >= job.maxAttempts;
    const changed = await deps.db.job.updateMany({
      where: ours(),
      data: giveUp
        ? { status: "FAILED", lastError, lockedUntil: null, doneAt: now }
        : { lastError, lockedUntil: null, runAt: new Date(now.getTime() + retryDelayMs(job.attempts, deps.random)) },
    });
    return changed.count === 1 ? (giveUp ? "failed" : "retried") : lost(job);
  }
  const changed = await deps.db.job.updateMany({
    where: ours(),
    data: { status: "DONE", doneAt: deps.now(), lockedUntil: null, lastError: null },
  });
  return changed.count === 1 ? "done" : lost(job);
}

// The lease ran out before the handler finished and another runner took the job: its outcome
// is the one that counts (handlers are idempotent).
function lost(job: RunningJob): Outcome {
  console.warn(`[frontdesk] job ${job.id} (${job.kind}) outlived its lease; another runner owns it now.`);
  return "lost";
}
