// One structured log line and the run metrics for every job attempt, around the handlers (the
// runner itself is untouched). Errors are logged by type and message, never with their fields.
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log/logger";
import { metrics } from "@/lib/ops/metrics";
import type { JobHandlers } from "./types";

export function observeJobs(handlers: JobHandlers): JobHandlers {
  return Object.fromEntries(
    Object.entries(handlers).map(([kind, handler]) => [
      kind,
      {
        ...handler,
        run: async (payload, job) => {
          const started = performance.now();
          const fields = { job: { id: job.id, kind, attempt: job.attempts, maxAttempts: job.maxAttempts } };
          try {
            await handler.run(payload, job);
            const seconds = (performance.now() - started) / 1000;
            metrics().jobRuns.inc({ kind, outcome: "ok" });
            metrics().jobDuration.observe({ kind }, seconds);
            log().info({ ...fields, durationMs: Math.round(seconds * 1000), outcome: "ok" }, "job done");
          } catch (error) {
            const seconds = (performance.now() - started) / 1000;
            metrics().jobRuns.inc({ kind, outcome: "error" });
            metrics().jobDuration.observe({ kind }, seconds);
            const expected = error instanceof AppError;
            log()[expected ? "warn" : "error"]({ ...fields, durationMs: Math.round(seconds * 1000), outcome: "error", err: error }, "job attempt failed");
            throw error;
          }
        },
      },
    ]),
  );
}
