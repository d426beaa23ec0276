// The outbox job kinds notifications use, and their payloads (checked when read: a job row may
// have been written by an older build).
import { z } from "zod";
import { REQUEST_EVENT_RANK } from "./event-rank";
import { REQUEST_EVENTS } from "./request-events";

export { NOTIFY_EVENT } from "./request-events";
export const NOTIFY_REMINDER = "notify.reminder";
export const SLACK_MESSAGE = "slack.message";
export const SLACK_REQUESTER = "slack.requester";
export const SLACK_EPHEMERAL = "slack.ephemeral";
export const MAIL_SEND = "mail.send";

export const NOTIFICATION_JOB_KINDS = ["notify.event", NOTIFY_REMINDER, SLACK_MESSAGE, SLACK_REQUESTER, SLACK_EPHEMERAL, MAIL_SEND] as const;

const iso = z.iso.datetime().transform((value) => new Date(value));

export const eventPayload = z.object({
  requestId: z.string().min(1),
  event: z.enum(REQUEST_EVENTS),
  actorId: z.string().min(1).nullable(),
  at: iso,
});
export type EventPayload = z.infer<typeof eventPayload>;

const slackTarget = z.discriminatedUnion("type", [
  z.object({ type: z.literal("channel"), channel: z.string().min(1) }),
  z.object({ type: z.literal("dm"), userId: z.string().min(1) }),
]);
export type SlackTarget = z.infer<typeof slackTarget>;

export const slackMessagePayload = eventPayload.extend({ target: slackTarget, deferrals: z.number().int().min(0).default(0) });
export type SlackMessagePayload = z.infer<typeof slackMessagePayload>;
export const slackRequesterPayload = z.object({
  requestId: z.string().min(1),
  event: z.enum([...REQUEST_EVENTS, "reminder"]),
  actorId: z.string().min(1).nullable(),
  deferrals: z.number().int().min(0).default(0),
});
export const slackEphemeralPayload = z.object({
  channel: z.string().min(1),
  user: z.string().min(1),
  text: z.string().min(1),
  deferrals: z.number().int().min(0).default(0),
});
export const reminderPayload = z.object({ requestId: z.string().min(1), endsAt: iso });
/** Recipients of one message at most: well under the 100 RCPTs SMTP servers must accept (RFC 5321 4.5.3.1.8). */
export const MAIL_RECIPIENTS_PER_MESSAGE = 50;
/** One message: to one person, or (the same words for every approver) to several at once. */
export const mailPayload = z.object({
  to: z.union([z.string().min(3), z.array(z.string().min(3)).min(1).max(MAIL_RECIPIENTS_PER_MESSAGE)]),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
});

// The order events happen in when they share a timestamp: one table for every use.
const EVENT_RANK = REQUEST_EVENT_RANK;

/** Whether event `a` happened before event `b` (by time, then by the lifecycle's order). */
export function happenedBefore(a: Pick<EventPayload, "at" | "event">, b: Pick<EventPayload, "at" | "event">): boolean {
  const dt = a.at.getTime() - b.at.getTime();
  return dt !== 0 ? dt < 0 : EVENT_RANK[a.event] < EVENT_RANK[b.event];
}

/**
 * A delivery's place in the outbox queue: the event's time, moved a few milliseconds earlier (never
 * later: it is due as soon as the event happened) so that same-time events keep their order.
 */
export function eventRunAt(event: Pick<EventPayload, "at" | "event">): Date {
  return new Date(event.at.getTime() - 16 + EVENT_RANK[event.event]);
}

/** Which Slack message a target gets: stored as SlackMessage.kind. */
export function targetKey(target: SlackTarget): string {
  return target.type === "channel" ? `channel:${target.channel}` : `dm:${target.userId}`;
}

export function parsePayload<T>(schema: z.ZodType<T>, payload: unknown, kind: string): T {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new Error(`${kind} job with an invalid payload: ${parsed.error.issues[0]?.message ?? "unknown"}`);
  return parsed.data;
}
