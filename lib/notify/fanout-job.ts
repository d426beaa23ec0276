// The fan-out of one request event into deliveries: one job per Slack channel, approver DM,
// requester DM, one email to the approvers and one to the requester, plus the reminder before access ends. It runs after commit with
// the catalog at hand and touches only the database; every key derives from this job's id, so a
// fan-out that runs twice (a crash before it was marked done) enqueues nothing twice.
import type { Deps } from "@/lib/context";
import { auditedTransaction } from "@/lib/audit/record-audit-event";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { enqueueJob, type EnqueueJobInput } from "@/lib/jobs/enqueue-job";
import type { RunningJob } from "@/lib/jobs/types";
import {
  MAIL_RECIPIENTS_PER_MESSAGE,
  MAIL_SEND,
  NOTIFY_REMINDER,
  SLACK_MESSAGE,
  SLACK_REQUESTER,
  eventPayload,
  eventRunAt,
  parsePayload,
  reminderPayload,
  targetKey,
  type EventPayload,
  type SlackTarget,
} from "./delivery-kinds";
import { requestMail, type MailAudience } from "./mail-message";
import type { RequestEventName } from "./request-events";
import { eventOrderKey, lanes, notifyOrderGroup } from "./event-order";
import { peopleWhoMayDecide } from "@/lib/requests/people-who-may-decide";
import { loadRequestView, type PersonView, type RequestView } from "@/lib/requests/request-view";
import { notifyFor, ruleNotify, type RuleNotify } from "./rule-notify";

/** Events that start a conversation with approvers (a message is posted, not only updated). */
export const OPENING_EVENTS: ReadonlySet<RequestEventName> = new Set(["created", "break-glass"]);
/** What requesters hear about their own request. */
const REQUESTER_EVENTS: ReadonlySet<RequestEventName> = new Set(["approved", "activated", "denied", "expired", "revoked", "extended"]);

/**
 * Whether the requester gets a message for this event: one message per thing that happened to
 * them. An approved extension is told once, as "extended" (its "approved" would say it again, with
 * a start that is the old end). A window that opens is news only when it opens later than the
 * decision, at the scheduled start: an immediate opening is the approval's own message.
 */
export function requesterHears(event: RequestEventName, view: Pick<RequestView, "kind" | "decidedAt" | "startsAt">): boolean {
  if (!REQUESTER_EVENTS.has(event)) return false;
  if (event === "approved") return view.kind !== "EXTENSION";
  if (event === "activated") return view.kind === "STANDARD" && view.decidedAt !== null && view.startsAt !== null && view.startsAt > view.decidedAt;
  return true;
}
/** What approvers and the rule's mailing list get by email. */
const APPROVER_MAIL_EVENTS: ReadonlySet<RequestEventName> = new Set([
  "created",
  "break-glass",
  "approved",
  "denied",
  "cancelled",
  "expired",
  "revoked",
  "approvers-reminded",
  "nudged",
]);
// Slack or mail outages of a day must not lose a delivery.
const DELIVERY_MAX_ATTEMPTS = 40;

export async function fanOutEvent(deps: Deps, rawPayload: Prisma.JsonValue, job: RunningJob): Promise<void> {
  const event = parsePayload(eventPayload, rawPayload, job.kind);
  const view = await loadRequestView(deps.db, deps.catalog, event.requestId, deps.now());
  if (!view) return;
  const settings = notifyFor(deps.catalog, view);
  const channels = deps.notifications;
  const now = deps.now();
  const jobs: EnqueueJobInput[] = [];
  const base = { requestId: event.requestId, event: event.event, actorId: event.actorId, at: event.at.toISOString() };

  // An approved extension moves its grant's end: the grant's own messages and reminder follow.
  const grant = event.event === "extended" && view.extendsId ? await loadRequestView(deps.db, deps.catalog, view.extendsId, deps.now()) : null;

  if (channels?.slack && settings.slack) jobs.push(...(await slackJobs(deps, settings, view, grant, event, job.id, base)));
  if (channels?.mailer && settings.email) {
    const actor = event.actorId ? await personById(deps.db, event.actorId) : null;
    // An escalation asks the backup approvers; the other approver events go to the rule's approvers and list.
    const approverEmails =
      event.event === "escalated"
        ? (await approversOf(deps.db, settings, view, "backups")).map((a) => a.email)
        : settings.emailApprovers && APPROVER_MAIL_EVENTS.has(event.event)
          ? (await approversOf(deps.db, settings, view)).map((a) => a.email)
          : [];
    const toApprovers = event.event === "escalated" ? approverEmails : APPROVER_MAIL_EVENTS.has(event.event) ? [...approverEmails, ...settings.emailTo] : [];
    const requester = view.requester.email.toLowerCase();
    const zones = await zonesByEmail(deps.db, [view.requester.email, ...toApprovers]);
    const mail = (to: string[], audience: MailAudience, zone: string | null, lane: string, part: string) => {
      const content = requestMail(view, event.event, actor, { audience, portalUrl: channels.portalUrl, now, zone });
      jobs.push({
        kind: MAIL_SEND,
        key: `${MAIL_SEND}:${job.id}:${part}`,
        payload: { to: to.length === 1 ? to[0]! : to, ...content },
        order: { group: notifyOrderGroup(view.id), lane, key: eventOrderKey(event) },
      });
    };
    // Approvers and the list read the same words, with times in their own zone: one message per
    // zone (in batches an SMTP server accepts), so each gets one copy and the event costs a job or
    // two, not one per address.
    const byZone = new Map<string, string[]>();
    for (const to of uniqueEmails(toApprovers)) {
      if (to.toLowerCase() === requester) continue;
      const zone = zones.get(to.toLowerCase()) ?? "";
      byZone.set(zone, [...(byZone.get(zone) ?? []), to]);
    }
    for (const [zone, recipients] of [...byZone].sort(([a], [b]) => a.localeCompare(b))) {
      for (let i = 0; i < recipients.length; i += MAIL_RECIPIENTS_PER_MESSAGE) {
        const batch = recipients.slice(i, i + MAIL_RECIPIENTS_PER_MESSAGE);
        mail(batch, "approver", zone || null, lanes.mailApprovers, `approvers:${zone || "UTC"}:${i / MAIL_RECIPIENTS_PER_MESSAGE}`);
      }
    }
    if (requesterHears(event.event, view)) mail([view.requester.email], "requester", zones.get(requester) ?? null, lanes.mail(requester), requester);
  }

  const reminder = reminderJob(grant ?? view, event, channels?.reminderLeadSeconds, now);
  if (reminder && ((channels?.slack && settings.slack) || (channels?.mailer && settings.email))) jobs.push(reminder);

  if (jobs.length === 0) return;
  await auditedTransaction(deps.db, async (tx) => {
    for (const next of jobs) await enqueueJob(tx, { maxAttempts: DELIVERY_MAX_ATTEMPTS, runAt: now, ...next });
  });
}

/** A reminder `lead` seconds before the end, keyed by that end: a moved end gets its own reminder. */
function reminderJob(view: RequestView, event: EventPayload, lead: number | undefined, now: Date): EnqueueJobInput | null {
  // An extension's time is its grant's: the grant gets the reminder (see "extended" above).
  if (!lead || !view.endsAt || view.kind === "EXTENSION" || (view.status !== "ACTIVE" && view.status !== "APPROVED")) return null;
  const runAt = new Date(view.endsAt.getTime() - lead * 1000);
  // Too short a window to warn about (or already in its last minutes): no reminder.
  if (runAt <= now || runAt <= event.at) return null;
  return {
    kind: NOTIFY_REMINDER,
    key: `${NOTIFY_REMINDER}:${view.id}:${view.endsAt.getTime()}`,
    payload: { requestId: view.id, endsAt: view.endsAt.toISOString() },
    runAt,
  };
}

/**
 * When a reminder falls due: only if access is still on and ends when the reminder was planned
 * for (an extension or early end made another reminder, or none, the right one).
 */
export async function sendReminder(deps: Deps, rawPayload: Prisma.JsonValue, job: RunningJob): Promise<void> {
  const { requestId, endsAt } = parsePayload(reminderPayload, rawPayload, job.kind);
  const view = await loadRequestView(deps.db, deps.catalog, requestId, deps.now());
  const now = deps.now();
  if (!view || (view.status !== "ACTIVE" && view.status !== "APPROVED")) return;
  if (!view.endsAt || view.endsAt.getTime() !== endsAt.getTime() || view.endsAt <= now) return;
  const channels = deps.notifications;
  const settings = ruleNotify(deps.catalog, view.ruleId);
  const jobs: EnqueueJobInput[] = [];
  if (channels?.slack && settings.slack) {
    jobs.push({
      kind: SLACK_REQUESTER,
      key: `${SLACK_REQUESTER}:${job.id}`,
      payload: { requestId, event: "reminder", actorId: null },
      order: { group: notifyOrderGroup(requestId), lane: lanes.slackRequester, key: eventOrderKey({ at: now, event: "reminder" }) },
    });
  }
  if (channels?.mailer && settings.email) {
    const zone = (await zonesByEmail(deps.db, [view.requester.email])).get(view.requester.email.toLowerCase());
    const content = requestMail(view, "reminder", null, { audience: "requester", portalUrl: channels.portalUrl, now, zone });
    jobs.push({
      kind: MAIL_SEND,
      key: `${MAIL_SEND}:${job.id}`,
      payload: { to: view.requester.email, ...content },
      order: { group: notifyOrderGroup(requestId), lane: lanes.mail(view.requester.email), key: eventOrderKey({ at: now, event: "reminder" }) },
    });
  }
  if (jobs.length === 0) return;
  await auditedTransaction(deps.db, async (tx) => {
    for (const next of jobs) await enqueueJob(tx, { maxAttempts: DELIVERY_MAX_ATTEMPTS, runAt: now, ...next });
  });
}

/** The rule's approvers (or its backup approvers) Frontdesk knows and the server would let decide (peopleWhoMayDecide). */
function approversOf(
  db: PrismaClient,
  settings: RuleNotify,
  view: Pick<RequestView, "requester">,
  which: "primary" | "backups" = "primary",
): Promise<PersonView[]> {
  const principals =
    which === "primary" ? { groups: settings.approverGroups, users: settings.approverEmails } : { groups: settings.backupGroups, users: settings.backupEmails };
  return peopleWhoMayDecide(db, principals, view.requester, { orderBy: "email", take: 200 });
}

async function personById(db: PrismaClient, id: string): Promise<PersonView | null> {
  return db.user.findUnique({ where: { id }, select: { id: true, name: true, email: true } });
}

function uniqueEmails(emails: string[]): string[] {
  const seen = new Set<string>();
  return emails.filter((email) => {
    const key = email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One job per Slack message to keep current (each channel, each approver's DM) and the requester's DM. */
async function slackJobs(
  deps: Deps,
  settings: ReturnType<typeof ruleNotify>,
  view: RequestView,
  grant: RequestView | null,
  event: EventPayload,
  jobId: string,
  base: Record<string, unknown>,
): Promise<EnqueueJobInput[]> {
  const jobs: EnqueueJobInput[] = [];
  const targets: SlackTarget[] = settings.slackChannels.map((channel) => ({ type: "channel", channel }));
  const seen = new Set<string>();
  // Backups are pinged by DM from the escalation on (whatever dmApprovers says: that is the ping);
  // before it their DMs do not exist, and later events only update the ones that do.
  const people = [
    ...(settings.dmApprovers ? await approversOf(deps.db, settings, view) : []),
    ...(OPENING_EVENTS.has(event.event) ? [] : await approversOf(deps.db, settings, view, "backups")),
  ];
  for (const approver of people) if (!seen.has(approver.id) && seen.add(approver.id)) targets.push({ type: "dm", userId: approver.id });
  for (const about of grant ? [view.id, grant.id] : [view.id]) {
    for (const target of targets) {
      // Queued at the event's time: the updates of one message go out in the order things happened.
      const key = `${SLACK_MESSAGE}:${jobId}:${about}:${targetKey(target)}`;
      jobs.push({
        kind: SLACK_MESSAGE,
        key,
        payload: { ...base, requestId: about, target },
        runAt: eventRunAt(event),
        order: { group: notifyOrderGroup(about), lane: lanes.slackMessage(targetKey(target)), key: eventOrderKey(event) },
      });
    }
  }
  if (requesterHears(event.event, view)) {
    jobs.push({
      kind: SLACK_REQUESTER,
      key: `${SLACK_REQUESTER}:${jobId}`,
      payload: { requestId: view.id, event: event.event, actorId: event.actorId },
      order: { group: notifyOrderGroup(view.id), lane: lanes.slackRequester, key: eventOrderKey(event) },
    });
  }
  return jobs;
}

/** The time zone each known person last reported, by lower-case email (UTC for the rest). */
async function zonesByEmail(db: PrismaClient, emails: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(emails.map((e) => e.toLowerCase()))];
  if (wanted.length === 0) return new Map();
  const people = await db.user.findMany({
    where: { email: { in: wanted, mode: "insensitive" }, timeZone: { not: null } },
    select: { email: true, timeZone: true },
    orderBy: { lastLoginAt: "asc" },
  });
  return new Map(people.map((p) => [p.email.toLowerCase(), p.timeZone as string]));
}
