// Operations hooks on this process's job loop, kept apart from the runner itself: a heartbeat for
// readiness, the jobs this process is running right now, and a drain switch for graceful shutdown
// (stop claiming, then wait for the running jobs or hand their leases back).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { JobHandlers } from "./types";

interface ControlState {
  startedAt: number | null;
  lastTickStartedAt: number | null;
  lastTickEndedAt: number | null;
  draining: boolean;
  /** Job id → kind, for the jobs whose handler is running in this process. */
  running: Map<string, string>;
  idle: Set<() => void>;
}

const store = globalThis as typeof globalThis & { __frontdeskJobLoopControl?: ControlState };
const state: ControlState = (store.__frontdeskJobLoopControl ??= {
  startedAt: null,
  lastTickStartedAt: null,
  lastTickEndedAt: null,
  draining: false,
  running: new Map(),
  idle: new Set(),
});

export function noteLoopStarted(now: number = Date.now()): void {
  state.startedAt ??= now;
}
export function noteTickStarted(now: number = Date.now()): void {
  state.lastTickStartedAt = now;
}
export function noteTickEnded(now: number = Date.now()): void {
  state.lastTickEndedAt = now;
}

/** Shutdown: no further jobs are claimed by this process. */
export function startDraining(): void {
  state.draining = true;
}
export function isDraining(): boolean {
  return state.draining;
}

export function runningJobIds(): string[] {
  return [...state.running.keys()];
}

/** Resolves once no job handler runs in this process (at once if none does). */
export function whenNoJobRuns(): Promise<void> {
  if (state.running.size === 0) return Promise.resolve();
  return new Promise((resolve) => state.idle.add(resolve));
}

/** Wraps each handler so that this process knows which jobs it is running. */
export function trackRunningJobs(handlers: JobHandlers): JobHandlers {
  return Object.fromEntries(
    Object.entries(handlers).map(([kind, handler]) => [
      kind,
      {
        ...handler,
        run: async (payload, job) => {
          state.running.set(job.id, kind);
          try {
            await handler.run(payload, job);
          } finally {
            state.running.delete(job.id);
            if (state.running.size === 0) wakeAll(state.idle);
          }
        },
      },
    ]),
  );
}

function wakeAll(waiting: Set<() => void>): void {
  const all = [...waiting];
  waiting.clear();
  for (const resolve of all) resolve();
}

export interface LoopHealth {
  alive: boolean;
  detail: string;
}

/**
 * Alive: the loop was started and a tick began recently, or one is running and is not stuck.
 * A tick that failed (the database was down) still counts: the loop itself is going.
 */
export function loopHealth(intervalMs: number, now: number = Date.now(), stuckAfterMs: number = 10 * 60_000): LoopHealth {
  if (state.startedAt === null) return { alive: false, detail: "not started" };
  if (state.draining) return { alive: false, detail: "draining for shutdown" };
  const lastStart = state.lastTickStartedAt ?? state.startedAt;
  const inTick = state.lastTickStartedAt !== null && (state.lastTickEndedAt === null || state.lastTickEndedAt < state.lastTickStartedAt);
  if (inTick) {
    return now - lastStart < stuckAfterMs
      ? { alive: true, detail: "running jobs" }
      : { alive: false, detail: `a tick has run for ${Math.round((now - lastStart) / 1000)} s` };
  }
  const since = now - (state.lastTickEndedAt ?? state.startedAt);
  // A few intervals of slack: the event loop may be busy.
  return since <= intervalMs * 5 + 5_000 ? { alive: true, detail: "ticking" } : { alive: false, detail: `no tick for ${Math.round(since / 1000)} s` };
}

/**
 * Shutdown past its deadline: hands back the leases of jobs still running here, so another
 * instance takes them at once instead of after the lease runs out. The interrupted attempt is not
 * counted. Handlers are idempotent, so a job that did finish its work here is safe to run again.
 */
export async function releaseRunningJobs(db: Pick<PrismaClient, "$executeRaw">): Promise<number> {
  const ids = runningJobIds();
  if (ids.length === 0) return 0;
  let released = 0;
  for (const id of ids) {
    released += await db.$executeRaw`
      UPDATE "Job" SET "lockedUntil" = NULL, attempts = GREATEST(attempts - 1, 0)
      WHERE id = ${id} AND status = 'PENDING' AND "lockedUntil" IS NOT NULL`;
  }
  return released;
}

/** Tests only: back to a fresh process's state. */
export function resetLoopControl(): void {
  Object.assign(state, { startedAt: null, lastTickStartedAt: null, lastTickEndedAt: null, draining: false });
  state.running.clear();
  state.idle.clear();
}
