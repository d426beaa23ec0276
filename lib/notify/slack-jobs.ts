// Slack deliveries. The request's message in a channel (or an approver's DM) is posted once and
// then edited in place (chat.update) at each event, with a thread reply recording the event. Jobs
// for one message never run at the same time on any instance (their group), so two events cannot
// both post it. A message always shows the request's state when the job runs, so events delivered
// late or out of order still leave it right.
import type { Deps } from "@/lib/context";
import { Prisma } from "@/lib/generated/prisma/client";
import type { JobHandlers, RunningJob } from "@/lib/jobs/types";
import type { SlackApi } from "@/lib/slack/client";
import {
  SLACK_EPHEMERAL,
  SLACK_MESSAGE,
  SLACK_REQUESTER,
  happenedBefore,
  parsePayload,
  slackEphemeralPayload,
  slackMessagePayload,
  slackRequesterPayload,
  targetKey,
  type SlackMessagePayload,
} from "./delivery-kinds";
import { deliver, notConfigured } from "./delivery-errors";
import { sendOnce } from "./delivery-record";
import { RetryLater } from "@/lib/jobs/retry-later";
import { OPENING_EVENTS } from "./fanout-job";
import { loadRequestView } from "@/lib/requests/request-view";
import { notifyFor } from "./rule-notify";
import { eventReply, requestMessage, requesterMessage } from "./slack-message";
import { slackUserFor } from "./slack-users";

function slackOf(deps: Deps): { slack: SlackApi; portalUrl: string } {
  const slack = deps.notifications?.slack;
  if (!slack || !deps.notifications) throw notConfigured("Slack");
  return { slack, portalUrl: deps.notifications.portalUrl };
}

export function slackJobHandlers(deps: Deps): JobHandlers {
  return {
    [SLACK_MESSAGE]: {
      group: (payload) => {
        const parsed = slackMessagePayload.safeParse(payload);
        return parsed.success ? `slack:${parsed.data.requestId}:${targetKey(parsed.data.target)}` : null;
      },
      run: (payload, job) => syncRequestMessage(deps, payload, job),
    },
    [SLACK_REQUESTER]: { run: (payload, job) => messageRequester(deps, payload, job) },
    [SLACK_EPHEMERAL]: {
      run: async (raw, job) => {
        const payload = parsePayload(slackEphemeralPayload, raw, job.kind);
        const { slack } = slackOf(deps);
        await deliver({ db: deps.db, now: deps.now, job, payload }, () => slack.postEphemeral(payload.channel, payload.user, payload.text));
      },
    },
  };
}

async function syncRequestMessage(deps: Deps, raw: Prisma.JsonValue, job: RunningJob): Promise<void> {
  const payload = parsePayload(slackMessagePayload, raw, job.kind);
  const { slack, portalUrl } = slackOf(deps);
  const { requestId, target, event } = payload;
  const kind = targetKey(target);
  if (await earlierEventPending(deps, job, payload)) {
    // Jobs from before ordered lanes existed: wait without using an attempt.
    throw new RetryLater(5_000, "Waiting for an earlier update of this Slack message to go out first.");
  }
  await deliver({ db: deps.db, now: deps.now, job, payload: raw as Prisma.InputJsonObject }, async () => {
    const view = await loadRequestView(deps.db, deps.catalog, requestId, deps.now());
    if (!view) return;
    const settings = notifyFor(deps.catalog, view);
    const render = () => requestMessage(view, { portalUrl, interactive: settings.interactive, now: deps.now() });
    let message = await deps.db.slackMessage.findFirst({ where: { requestId, kind } });
    let justPosted = false;
    if (!message) {
      // An approver hears about a request from its start; one who joined later is not messaged mid-way.
      // The escalation opens a conversation with the backup approvers.
      if (target.type === "dm" && !OPENING_EVENTS.has(event) && event !== "escalated") return;
      const channel = target.type === "channel" ? target.channel : await dmChannel(deps, slack, target.userId);
      if (!channel) return;
      // The post and its SlackMessage row commit together after the send: a retry after an
      // outage finds the post done instead of posting the request a second time.
      let posted: { channel: string; ts: string } | null = null;
      const outcome = await sendOnce(
        { db: deps.db, now: deps.now, key: `slack.post:${requestId}:${kind}` },
        async () => (posted = await slack.postMessage(channel, render())),
        async (tx, result) => {
          await tx.slackMessage.createMany({
            data: [{ requestId, channel: result.channel, ts: result.ts, kind, createdAt: deps.now(), updatedAt: deps.now() }],
            skipDuplicates: true,
          });
        },
      );
      const sent = posted as { channel: string; ts: string } | null;
      message =
        (await deps.db.slackMessage.findFirst({ where: { requestId, kind } })) ??
        (sent ? await saveMessage(deps, requestId, sent.channel, sent.ts, kind) : null);
      if (!message) return;
      justPosted = outcome !== "already-sent";
    }
    if (!justPosted) {
      await slack.update(message.channel, message.ts, render());
      await deps.db.slackMessage.update({ where: { id: message.id }, data: { updatedAt: deps.now() } });
    }
    if (!OPENING_EVENTS.has(event)) {
      const actor = payload.actorId ? await deps.db.user.findUnique({ where: { id: payload.actorId }, select: { id: true, name: true, email: true } }) : null;
      const thread = message;
      await sendOnce({ db: deps.db, now: deps.now, key: `slack.reply:${job.id}` }, () =>
        slack.postMessage(thread.channel, { ...eventReply(view, event, actor, payload.at), threadTs: thread.ts }),
      );
    }
  });
}

/**
 * Whether an earlier event for the same message is still waiting (Slack failed it and it is due
 * again later): this one then waits too, so the thread reads in the order things happened.
 */
async function earlierEventPending(deps: Deps, job: RunningJob, payload: SlackMessagePayload): Promise<boolean> {
  const others = await deps.db.job.findMany({
    where: { kind: SLACK_MESSAGE, status: "PENDING", id: { not: job.id }, payload: { path: ["requestId"], equals: payload.requestId } },
    select: { payload: true },
    take: 100,
  });
  const mine = targetKey(payload.target);
  return others.some((other) => {
    const parsed = slackMessagePayload.safeParse(other.payload);
    return parsed.success && targetKey(parsed.data.target) === mine && happenedBefore(parsed.data, payload);
  });
}

async function saveMessage(deps: Deps, requestId: string, channel: string, ts: string, kind: string) {
  try {
    return await deps.db.slackMessage.create({ data: { requestId, channel, ts, kind, createdAt: deps.now(), updatedAt: deps.now() } });
  } catch (error) {
    // Two catalog entries naming one channel (#ops and its id): keep the first message.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return deps.db.slackMessage.findUniqueOrThrow({ where: { requestId_channel: { requestId, channel } } });
    }
    throw error;
  }
}

/** The DM conversation with a portal person, or null when they have no Slack user. */
async function dmChannel(deps: Deps, slack: SlackApi, userId: string): Promise<string | null> {
  const user = await deps.db.user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
  if (!user) return null;
  const slackUserId = await slackUserFor(deps.db, slack, user, deps.now());
  return slackUserId ? slack.openDm(slackUserId) : null;
}

async function messageRequester(deps: Deps, raw: Prisma.JsonValue, job: RunningJob): Promise<void> {
  const payload = parsePayload(slackRequesterPayload, raw, job.kind);
  const { slack, portalUrl } = slackOf(deps);
  await deliver({ db: deps.db, now: deps.now, job, payload: raw as Prisma.InputJsonObject }, async () => {
    const view = await loadRequestView(deps.db, deps.catalog, payload.requestId, deps.now());
    if (!view) return;
    const channel = await dmChannel(deps, slack, view.requester.id);
    if (!channel) return;
    const actor = payload.actorId ? await deps.db.user.findUnique({ where: { id: payload.actorId }, select: { id: true, name: true, email: true } }) : null;
    await sendOnce({ db: deps.db, now: deps.now, key: `slack.requester:${job.id}` }, () =>
      slack.postMessage(channel, requesterMessage(view, payload.event, actor, portalUrl)),
    );
  });
}
