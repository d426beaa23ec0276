// The writes an instance makes when it starts (the catalog.loaded audit event, the audit sink's
// and anchor's first jobs) meet whatever the database is doing then: a burst of traffic, a lock,
// a failover. They are retried with backoff for a bounded time; past that, the instance says so in
// one clear line and keeps retrying in the background while it serves. A busy database never
// stops the process.
export interface StartupStep {
  name: string;
  run(): Promise<unknown>;
}

export interface StartupWriteOptions {
  /** How long boot waits for the writes before serving without them. */
  totalMs?: number;
  /** Longest wait for one attempt of one step. */
  attemptTimeoutMs?: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** After each failed attempt (tests wait on it instead of sleeping). */
  onFailure?(step: string, attempt: number, error: unknown): void;
  log?: Pick<Console, "warn" | "error" | "log">;
}

export interface StartupWriteResult {
  /** True when every step was written before the deadline. */
  done: boolean;
  attempts: number;
  /** Settles when the steps are written (at once when `done`); background retries never reject. */
  settled: Promise<void>;
}

export async function runStartupWrites(steps: StartupStep[], options: StartupWriteOptions = {}): Promise<StartupWriteResult> {
  const totalMs = options.totalMs ?? 60_000;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
  const maxDelayMs = options.maxDelayMs ?? 5_000;
  const log = options.log ?? console;
  const deadline = Date.now() + totalMs;
  const remaining = [...steps];
  let attempts = 0;
  let delay = options.firstDelayMs ?? 250;

  const attemptAll = async (): Promise<boolean> => {
    while (remaining.length > 0) {
      const step = remaining[0]!;
      attempts++;
      try {
        await withTimeout(step.run(), attemptTimeoutMs, step.name);
        remaining.shift();
      } catch (error) {
        options.onFailure?.(step.name, attempts, error);
        if (attempts === 1 || attempts % 10 === 0)
          log.warn(`[frontdesk] start-up write "${step.name}" failed (attempt ${attempts}), retrying: ${reason(error)}`);
        return false;
      }
    }
    return true;
  };

  while (Date.now() < deadline) {
    if (await attemptAll()) return { done: true, attempts, settled: Promise.resolve() };
    await pause(Math.min(delay, Math.max(0, deadline - Date.now())));
    delay = Math.min(delay * 2, maxDelayMs);
  }
  log.error(
    `[frontdesk] the database did not accept the start-up writes (${remaining.map((s) => s.name).join(", ")}) within ${Math.round(totalMs / 1000)} s ` +
      "(busy, locked or unreachable). Frontdesk starts anyway and keeps retrying them in the background; check the database if this persists.",
  );
  const settled = (async () => {
    for (;;) {
      await pause(maxDelayMs);
      if (await attemptAll()) {
        log.log(`[frontdesk] start-up writes done after ${attempts} attempts.`);
        return;
      }
    }
  })();
  return { done: false, attempts, settled };
}

function withTimeout<T>(work: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} took longer than ${ms} ms`)), ms);
  });
  work.catch(() => {}); // A late failure after the timeout is not unhandled.
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

// One line, no SQL or connection strings: the first line of the message, cut short.
function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split("\n").find((line) => line.trim()) ?? "unknown error").trim().slice(0, 200);
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
