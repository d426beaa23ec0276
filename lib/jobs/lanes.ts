// The outbox runs in two lanes, each with its own loop: timers (scheduled starts, expiries, ends,
// revocations at AWS, audit delivery, issuance settling) and deliveries (notification fan-out, Slack,
// email). A backlog of email cannot delay a scheduled start: the timer lane never waits behind it.
import { NOTIFICATION_JOB_KINDS } from "@/lib/notify/delivery-kinds";
import type { JobHandlers } from "./types";

export type Lane = "timers" | "deliveries";
export const LANES: readonly Lane[] = ["timers", "deliveries"];

const DELIVERY_KINDS: ReadonlySet<string> = new Set(NOTIFICATION_JOB_KINDS);

function laneOf(kind: string): Lane {
  return DELIVERY_KINDS.has(kind) ? "deliveries" : "timers";
}

/** The handlers one lane's loop claims. */
export function handlersForLane(handlers: JobHandlers, lane: Lane): JobHandlers {
  return Object.fromEntries(Object.entries(handlers).filter(([kind]) => laneOf(kind) === lane));
}
