// When a revocation's deny starts to bite and when it may go. Pure: the use cases and the job
// handlers share these numbers.
import { ASSUME_ROLE_DURATION } from "@/lib/aws/limits";

/**
 * AWS stamps aws:TokenIssueTime with its own clock. Pushing the cutoff this far past our "now"
 * keeps a session minted just before the revocation inside the deny even if our clock runs behind.
 */
export const CLOCK_SKEW_MARGIN_SECONDS = 30;

export interface RevocationWindow {
  /** Sessions issued before this are denied. */
  cutoff: Date;
  /** By then every session issued before the cutoff has expired, so the deny may be removed. */
  removeAfter: Date;
}

/**
 * `ceilingSeconds` (default 1) rounds the cutoff UP to the next multiple of that many seconds: a busy
 * role's people then share cutoffs, so its deny statements stay few (never earlier, so nobody's
 * sessions from before the revocation escape; see README "Revocation at scale").
 */
export function planRevocation({
  now,
  roleMaxSessionSeconds,
  ceilingSeconds = 1,
  replayableSeconds = 0,
}: {
  now: Date;
  roleMaxSessionSeconds: number;
  ceilingSeconds?: number;
  /**
   * Federated roles: how long a token or assertion Frontdesk signed before the revocation can
   * still be presented to STS (its lifetime). A replay mints a session stamped after "now", so the
   * cutoff moves that far on, or such a session would escape the deny.
   */
  replayableSeconds?: number;
}): RevocationWindow {
  const margin = (CLOCK_SKEW_MARGIN_SECONDS + Math.max(0, replayableSeconds)) * 1000;
  const step = Math.max(1, Math.floor(ceilingSeconds)) * 1000;
  // Whole seconds: the stored cutoff is then exactly the one written into the policy.
  const cutoff = new Date(Math.ceil((now.getTime() + margin) / step) * step);
  const longestSession = Math.min(Math.max(roleMaxSessionSeconds, 0), ASSUME_ROLE_DURATION.maxSeconds) * 1000;
  // The skew margin again at the end: a session AWS thinks expired may still be alive by our clock.
  return { cutoff, removeAfter: new Date(cutoff.getTime() + longestSession + CLOCK_SKEW_MARGIN_SECONDS * 1000) };
}
