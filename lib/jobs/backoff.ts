// How long a failed job waits before its next attempt: doubling from a few seconds up to a cap,
// with jitter so that many jobs failing together (an IAM outage) do not retry in lockstep.

export const RETRY_BASE_MS = 5_000;
export const RETRY_MAX_MS = 15 * 60_000;

/** `attempts` is how many attempts have failed so far (1 after the first). */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 30);
  const ceiling = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** exponent);
  // Between half and all of the ceiling: spread out, yet never much sooner than planned.
  return Math.round(ceiling / 2 + (ceiling / 2) * Math.min(Math.max(random(), 0), 1));
}
