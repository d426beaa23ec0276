// The in-process scheduler: every few seconds, run the due outbox jobs. Each instance runs its own
// loop; the leases in runDueJobs keep them from doing any job twice.
import type { Deps } from "@/lib/context";
import { jobHandlers } from "./handlers";
import { handlersForLane, LANES, type Lane } from "./lanes";
import { isDraining, noteLoopStarted, noteTickEnded, noteTickStarted, trackRunningJobs } from "./loop-control";
import { observeJobs } from "./observe-jobs";
import { runDueJobs } from "./run-due-jobs";

export const JOB_LOOP_INTERVAL_MS = 2_000;
const BATCH = 10;
// Short, because running jobs renew it (heartbeat): a dead instance's job is taken over in about
// this long plus one loop interval.
export const LOCK_SECONDS = 10;
// Drains a backlog (a batch takes one job per group, so a burst on one role needs several), but
// hands the event loop back now and then.
const MAX_BATCHES_PER_TICK = 20;

export interface Loop {
  /** Stops scheduling and waits for the tick in progress, if any. */
  stop(): Promise<void>;
}

/**
 * Calls `tick` every `intervalMs`, never two at once: the next tick is scheduled only when the
 * previous one has finished. The timer does not keep the process alive.
 */
export function startLoop(tick: () => Promise<void>, { intervalMs, onError }: { intervalMs: number; onError: (error: unknown) => void }): Loop {
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let stopped = false;

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(run, intervalMs);
    timer.unref();
  };
  const run = () => {
    inFlight = tick()
      .catch(onError)
      .finally(() => {
        inFlight = undefined;
        schedule();
      });
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}

/** Runs due jobs until none is left (or the batch cap); `lane` limits it to one lane's kinds. */
export async function runJobsOnce(deps: Deps, lane?: Lane): Promise<number> {
  const all = jobHandlers(deps);
  const handlers = observeJobs(trackRunningJobs(lane ? handlersForLane(all, lane) : all));
  let total = 0;
  for (let batch = 0; batch < MAX_BATCHES_PER_TICK; batch++) {
    if (isDraining()) break;
    const { claimed } = await runDueJobs(deps, handlers, { limit: BATCH, lockSeconds: LOCK_SECONDS });
    total += claimed;
    if (claimed === 0) break;
  }
  return total;
}

// On globalThis: one loop per process, even when the server code is loaded more than once.
const store = globalThis as typeof globalThis & { __frontdeskJobLoop?: Loop };

/** Starts this process's job loop (once); `getDeps` is read on every tick. */
export function startJobLoop(getDeps: () => Promise<Deps>, intervalMs: number = JOB_LOOP_INTERVAL_MS): Loop {
  noteLoopStarted();
  // One loop per lane: timers never wait behind a backlog of deliveries.
  store.__frontdeskJobLoop ??= combine(
    LANES.map((lane) =>
      startLoop(
        async () => {
          noteTickStarted();
          try {
            await runJobsOnce(await getDeps(), lane);
          } finally {
            noteTickEnded();
          }
        },
        { intervalMs, onError: (error) => console.error(`[frontdesk] job loop (${lane}) tick failed:`, error) },
      ),
    ),
  );
  return store.__frontdeskJobLoop;
}

function combine(loops: Loop[]): Loop {
  return { stop: async () => void (await Promise.all(loops.map((loop) => loop.stop()))) };
}

export async function stopJobLoop(): Promise<void> {
  const loop = store.__frontdeskJobLoop;
  store.__frontdeskJobLoop = undefined;
  await loop?.stop();
}
