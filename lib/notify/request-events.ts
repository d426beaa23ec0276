// What happened to a request, as the notification channels hear about it. Use cases call
// notifyRequestEvent inside the transaction that makes the change, so a notification exists
// exactly when its change committed; delivery happens later, through the outbox: one
// `notify.event` job per event here, which fans out (after commit, with the catalog at hand) into
// one delivery job per Slack channel, DM and email address.
import type { Prisma } from "@/lib/generated/prisma/client";
import { queueJob, FANOUT_LANE } from "@/lib/jobs/enqueue-job";
import { eventOrderKey, notifyOrderGroup } from "./event-order";

export const REQUEST_EVENTS = [
  "created",
  "approval-recorded",
  "approved",
  "activated",
  "denied",
  "cancelled",
  "expired",
  "revoked",
  "ended",
  "break-glass",
  "extended",
  "approvers-reminded",
  "escalated",
  "nudged",
] as const;
export type RequestEventName = (typeof REQUEST_EVENTS)[number];

export interface RequestEvent {
  requestId: string;
  event: RequestEventName;
  /** Who did it; null for the clock (expiry, end of window). */
  actorId: string | null;
  at: Date;
}

export const NOTIFY_EVENT = "notify.event";
// A Slack or SMTP outage of a day must not lose the news; the fan-out itself only touches the database.
const EVENT_MAX_ATTEMPTS = 50;

function isRequestEventName(value: unknown): value is RequestEventName {
  return typeof value === "string" && (REQUEST_EVENTS as readonly string[]).includes(value);
}

/** One job per event: the same event reported twice in one change is enqueued once. */
function requestEventJobKey(event: RequestEvent): string {
  return `${NOTIFY_EVENT}:${event.requestId}:${event.event}:${event.actorId ?? "system"}:${event.at.getTime()}`;
}

/**
 * Records that `event` happened, in the caller's transaction (`tx`). Never calls Slack or SMTP:
 * an outage of either can never block or fail the change itself.
 */
export async function notifyRequestEvent(tx: Prisma.TransactionClient, event: RequestEvent, setIndex?: number | null): Promise<void> {
  if (!isRequestEventName(event.event)) throw new Error(`Unknown request event ${String(event.event)}`);
  // Roles asked for together are one request to the people notified: its first member speaks for the
  // set (its view lists every role), the others stay quiet, whichever use case or timer moved them.
  // `setIndex` when the caller has the row at hand (undefined: read it here).
  const index =
    setIndex !== undefined ? setIndex : (await tx.accessRequest.findUnique({ where: { id: event.requestId }, select: { setIndex: true } }))?.setIndex;
  if (index) return;
  await queueJob(tx, {
    kind: NOTIFY_EVENT,
    key: requestEventJobKey(event),
    payload: { requestId: event.requestId, event: event.event, actorId: event.actorId, at: event.at.toISOString() },
    runAt: event.at,
    maxAttempts: EVENT_MAX_ATTEMPTS,
    order: { group: notifyOrderGroup(event.requestId), lane: FANOUT_LANE, key: eventOrderKey(event) },
  });
}
