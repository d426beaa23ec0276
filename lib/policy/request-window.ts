// The rules on a request's window that the form and the server both apply: the shortest window
// (AWS's shortest session: a shorter one could not be minted) and how far ahead a start may be
// scheduled. Pure, so the browser imports it too.
import { ASSUME_ROLE_DURATION } from "@/lib/aws/limits";

/** The shortest access window a person may ask for, and the shortest a catalog may allow. */
const MIN_REQUEST_SECONDS = ASSUME_ROLE_DURATION.minSeconds;
export const MIN_REQUEST_MINUTES = MIN_REQUEST_SECONDS / 60;
/** How far ahead a start may be scheduled. */
export const MAX_SCHEDULE_AHEAD_DAYS = 30;
/** Starts within this much of now count as "now" (and as not yet passed). */
export const START_NOW_TOLERANCE_SECONDS = 60;

/** Why a scheduled start cannot be used, in the person's words; null when it can. */
export function scheduledStartProblem(startAt: Date, now: Date): string | null {
  const aheadSeconds = (startAt.getTime() - now.getTime()) / 1000;
  if (aheadSeconds < -START_NOW_TOLERANCE_SECONDS) return "That start time has passed. Choose a later one, or start as soon as approved.";
  if (aheadSeconds > MAX_SCHEDULE_AHEAD_DAYS * 86_400) return `Access can be scheduled at most ${MAX_SCHEDULE_AHEAD_DAYS} days ahead.`;
  return null;
}
