// Block Kit messages about a request. Pure: the same view always gives the same message, so a late
// or repeated update converges on the request's current state. Limits follow Slack's (header 150,
// button text 75, field 2000, section 3000 characters; block_id unique per message version).
import { formatDuration } from "@/lib/duration";
import { escapeMrkdwn, quoteMrkdwn, slackDate, truncate } from "@/lib/slack/mrkdwn";
import { requestUrl } from "./channels";
import type { RequestEventName } from "./request-events";
import { effectiveEnd, rolesOf, type RequestView } from "@/lib/requests/request-view";
import { eventSentence, headline, requesterSentence, statusSentence, type Style } from "./wording";

export const APPROVE_ACTION = "frontdesk.approve";
export const DENY_ACTION = "frontdesk.deny";
/** Link buttons: Slack still posts their clicks to the interactivity URL, which only acknowledges them. */
const LINK_ACTION_PREFIX = "frontdesk.link.";

export interface SlackMessage {
  text: string;
  blocks: unknown[];
}

export interface RequestMessageOptions {
  portalUrl: string;
  /** Approve/deny buttons act from Slack itself (the rule allows it); otherwise they are links. */
  interactive: boolean;
  now: Date;
}

const slackStyle: Style = {
  name: (person) => `*${escapeMrkdwn(person.name)}*`,
  text: (value) => escapeMrkdwn(value),
  date: slackDate,
};

const STATUS_ICON: Record<RequestView["status"], string> = {
  PENDING: ":hourglass_flowing_sand:",
  APPROVED: ":white_check_mark:",
  ACTIVE: ":large_green_circle:",
  DENIED: ":x:",
  CANCELLED: ":heavy_minus_sign:",
  EXPIRED: ":clock3:",
  REVOKED: ":no_entry:",
  ENDED: ":checkered_flag:",
};

const plain = (text: string, max: number) => ({ type: "plain_text", text: truncate(text, max), emoji: true });
const field = (label: string, value: string) => ({ type: "mrkdwn", text: truncate(`*${label}*\n${value}`, 2000) });

/** The channel (or approver DM) message: posted once, then updated in place at every event. */
export function requestMessage(view: RequestView, options: RequestMessageOptions): SlackMessage {
  const end = effectiveEnd(view, options.now);
  const fields = [
    field("Requester", `${escapeMrkdwn(view.requester.name)} (${escapeMrkdwn(view.requester.email)})`),
    // Roles asked for together are one message: every role, once.
    ...(view.set
      ? [field(`Roles (${view.set.members.length})`, rolesOf(view).map(escapeMrkdwn).join("\n"))]
      : [field("Account", `${escapeMrkdwn(view.accountName)} (\`${escapeMrkdwn(view.accountId)}\`)`), field("Role", escapeMrkdwn(view.roleName))]),
    field("Duration", formatDuration(view.durationSeconds)),
    field(end.projected ? "Would end" : "Ends", end.projected ? `${slackDate(end.at)} if approved now` : slackDate(end.at)),
    field("Ticket", view.ticket ? escapeMrkdwn(view.ticket) : "_none_"),
  ];
  if (view.approvals.required > 1) fields.push(field("Approvals", `${view.approvals.count} of ${view.approvals.required}`));
  if (view.requestedStartAt && !view.startsAt) fields.push(field("Starts", slackDate(view.requestedStartAt)));

  const blocks: unknown[] = [
    { type: "header", text: plain(headline(view), 150) },
    { type: "section", fields },
    { type: "section", text: { type: "mrkdwn", text: `*Justification*\n${quoteMrkdwn(view.justification)}` } },
    { type: "context", elements: [{ type: "mrkdwn", text: truncate(`${STATUS_ICON[view.status]} ${statusSentence(view, slackStyle)}`, 3000) }] },
    { type: "actions", block_id: truncate(`request:${view.id}:${view.status}:${view.approvals.count}`, 255), elements: buttons(view, options) },
  ];
  return { text: fallbackText(view), blocks };
}

function buttons(view: RequestView, { portalUrl, interactive }: RequestMessageOptions): unknown[] {
  const open = { type: "button", action_id: `${LINK_ACTION_PREFIX}open`, text: plain("Open request", 75), url: requestUrl(portalUrl, view.id) };
  if (view.status !== "PENDING" || view.kind === "BREAK_GLASS") return [open];
  if (!interactive) {
    return [
      {
        type: "button",
        action_id: `${LINK_ACTION_PREFIX}approve`,
        style: "primary",
        text: plain("Approve…", 75),
        url: requestUrl(portalUrl, view.id, "approve"),
      },
      { type: "button", action_id: `${LINK_ACTION_PREFIX}deny`, style: "danger", text: plain("Deny…", 75), url: requestUrl(portalUrl, view.id, "deny") },
      open,
    ];
  }
  const what = truncate(`${view.requester.name} gets ${view.roleName} in ${view.accountName} for ${formatDuration(view.durationSeconds)}.`, 300);
  return [
    {
      type: "button",
      action_id: APPROVE_ACTION,
      style: "primary",
      value: view.id,
      text: plain("Approve", 75),
      confirm: { title: plain("Approve access?", 100), text: plain(what, 300), confirm: plain("Approve", 30), deny: plain("Cancel", 30) },
    },
    {
      type: "button",
      action_id: DENY_ACTION,
      style: "danger",
      value: view.id,
      text: plain("Deny", 75),
      confirm: {
        title: plain("Deny access?", 100),
        text: plain(`${view.requester.name} will be told it was denied.`, 300),
        confirm: plain("Deny", 30),
        deny: plain("Cancel", 30),
      },
    },
    open,
  ];
}

/** The notification text (and what screen readers and old clients show). */
function fallbackText(view: RequestView): string {
  return truncate(
    `${headline(view)}: ${escapeMrkdwn(view.requester.name)} → ${escapeMrkdwn(view.set ? rolesOf(view).join(", ") : `${view.roleName} in ${view.accountName}`)} for ${formatDuration(view.durationSeconds)} (${view.status.toLowerCase()})`,
    3000,
  );
}

/** A thread reply under the request's message: one per event. */
export function eventReply(view: RequestView, event: RequestEventName, actor: RequestView["requester"] | null, at: Date): SlackMessage {
  const text = truncate(eventSentence(event, view, actor, at, slackStyle), 3000);
  // When it happened, which may be well before the reply is posted (after a Slack outage).
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text } },
      { type: "context", elements: [{ type: "mrkdwn", text: slackDate(at) }] },
    ],
  };
}

/** A direct message to the requester: a decision on their request, or the reminder before it ends. */
export function requesterMessage(
  view: RequestView,
  event: RequestEventName | "reminder",
  actor: RequestView["requester"] | null,
  portalUrl: string,
): SlackMessage {
  const text = truncate(requesterSentence(event, view, actor, slackStyle), 3000);
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text } },
      {
        type: "actions",
        block_id: truncate(`requester:${view.id}:${event}`, 255),
        elements: [{ type: "button", action_id: `${LINK_ACTION_PREFIX}open`, text: plain("Open request", 75), url: requestUrl(portalUrl, view.id) }],
      },
    ],
  };
}
