// Graceful shutdown on SIGTERM (and SIGINT): readiness turns false, the HTTP server stops
// accepting connections and finishes the requests it has, the job loop stops claiming and its
// running jobs finish, then the database pool closes and the process exits, all within
// SHUTDOWN_TIMEOUT_SECONDS. Past the deadline, jobs still running hand their leases back so
// another instance takes them at once. `next start` must leave the signals to us
// (NEXT_MANUAL_SIG_HANDLE=true, as `npm start` and the image set it).
import { disconnectDb, getDb } from "@/lib/db/client";
import { getOpsConfig } from "@/lib/env";
import { releaseRunningJobs, runningJobIds, startDraining, whenNoJobRuns } from "@/lib/jobs/loop-control";
import { stopJobLoop } from "@/lib/jobs/start-job-loop";
import { log } from "@/lib/log/logger";
import { requestsInFlight, stopAcceptingRequests, whenNoRequestRuns } from "./http-observer";
import { isShuttingDown, markShuttingDown } from "./shutdown-state";

export interface ShutdownSteps {
  timeoutMs: number;
  /** Keep accepting requests this long first (readiness is already false). */
  delayMs?: number;
  stopJobLoop(): Promise<void>;
  releaseJobs(): Promise<number>;
  closeDatabase(): Promise<void>;
  exit(code: number): void;
}

export async function shutDown(signal: string, steps: ShutdownSteps): Promise<void> {
  if (isShuttingDown()) return;
  markShuttingDown();
  const started = Date.now();
  log().info({ signal, requestsInFlight: requestsInFlight(), jobsRunning: runningJobIds().length }, "shutting down");
  startDraining();
  if (steps.delayMs) await new Promise((resolve) => setTimeout(resolve, steps.delayMs));
  stopAcceptingRequests();

  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), steps.timeoutMs)));
  const drained = await Promise.race([Promise.all([whenNoRequestRuns(), steps.stopJobLoop().then(() => whenNoJobRuns())]).then(() => true as const), deadline]);
  clearTimeout(timer);
  if (!drained) {
    const released = await steps.releaseJobs().catch(() => 0);
    log().warn({ requestsInFlight: requestsInFlight(), jobsReleased: released }, "shutdown deadline reached; leases of running jobs handed back");
  }
  await Promise.race([steps.closeDatabase().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  log().info({ durationMs: Date.now() - started, drained, requestsUnfinished: requestsInFlight(), jobsUnfinished: runningJobIds().length }, "stopped");
  steps.exit(0);
}

const store = globalThis as typeof globalThis & { __frontdeskShutdownInstalled?: boolean };

export function installShutdownHandlers(): void {
  if (store.__frontdeskShutdownInstalled) return;
  store.__frontdeskShutdownInstalled = true;
  const steps: ShutdownSteps = {
    timeoutMs: getOpsConfig().SHUTDOWN_TIMEOUT_SECONDS * 1000,
    delayMs: getOpsConfig().SHUTDOWN_DELAY_SECONDS * 1000,
    stopJobLoop,
    releaseJobs: async () => releaseRunningJobs(await getDb()),
    closeDatabase: disconnectDb,
    exit: (code) => process.exit(code),
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void shutDown(signal, steps));
}
