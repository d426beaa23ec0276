// Emails about a request: the same sentences and links as the Slack messages, as plain text and
// simple HTML. Pure. Subjects lose line breaks (header injection) and are kept short.
import { formatDuration } from "@/lib/duration";
import { formatDateTime } from "@/lib/time/format";
import { escapeHtml } from "@/lib/mail/escape-html";
import { requestUrl } from "./channels";
import type { RequestEventName } from "./request-events";
import { effectiveEnd, rolesOf, type PersonView, type RequestView } from "@/lib/requests/request-view";
import { eventSentence, headline, requesterSentence, statusSentence, type Style } from "./wording";

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** Plain text in the recipient's zone when Frontdesk knows it, else UTC (named either way). */
const textStyleIn = (zone: string | null | undefined): Style => ({ name: (p: PersonView) => p.name, text: (v) => v, date: (d) => formatDateTime(d, zone) });

export type MailAudience = "approver" | "requester";

export function requestMail(
  view: RequestView,
  event: RequestEventName | "reminder",
  actor: PersonView | null,
  options: { audience: MailAudience; portalUrl: string; now: Date; zone?: string | null },
): MailContent {
  const textStyle = textStyleIn(options.zone);
  const opening =
    options.audience === "requester"
      ? requesterSentence(event, view, actor, textStyle)
      : event === "reminder"
        ? statusSentence(view, textStyle)
        : eventSentence(event, view, actor, options.now, textStyle);
  const end = effectiveEnd(view, options.now);
  const details: [string, string][] = [
    ["Requester", `${view.requester.name} <${view.requester.email}>`],
    ...(view.set
      ? ([[`Roles (${view.set.members.length})`, rolesOf(view).join("; ")]] as [string, string][])
      : ([
          ["Account", `${view.accountName} (${view.accountId})`],
          ["Role", view.roleName],
        ] as [string, string][])),
    ["Duration", formatDuration(view.durationSeconds)],
    [end.projected ? "Would end" : "Ends", `${textStyle.date(end.at)}${end.projected ? " if approved now" : ""}`],
    ["Ticket", view.ticket ?? "none"],
    ["Status", statusSentence(view, textStyle)],
  ];
  const links: [string, string][] =
    options.audience === "approver" && view.status === "PENDING" && view.kind !== "BREAK_GLASS"
      ? [
          ["Approve", requestUrl(options.portalUrl, view.id, "approve")],
          ["Deny", requestUrl(options.portalUrl, view.id, "deny")],
          ["Open the request", requestUrl(options.portalUrl, view.id)],
        ]
      : [["Open the request", requestUrl(options.portalUrl, view.id)]];

  const subject = oneLine(`[Frontdesk] ${subjectFor(event, view, options.audience)}`).slice(0, 200);
  const text = [
    opening,
    "",
    ...details.map(([label, value]) => `${label}: ${value}`),
    "",
    "Justification:",
    ...view.justification.split(/\r?\n/).map((line) => `  ${line}`),
    "",
    ...links.map(([label, url]) => `${label}: ${url}`),
    "",
    "Decisions are made on the request's page in Frontdesk.",
  ].join("\n");
  const html = `<!DOCTYPE html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">
<p>${escapeHtml(opening)}</p>
<table cellpadding="4">${details.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join("")}</table>
<p><strong>Justification</strong></p>
<blockquote style="white-space:pre-wrap">${escapeHtml(view.justification)}</blockquote>
<p>${links.map(([label, url]) => `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`).join(" · ")}</p>
<p style="color:#666">Decisions are made on the request's page in Frontdesk.</p>
</body></html>`;
  return { subject, text, html };
}

function subjectFor(event: RequestEventName | "reminder", view: RequestView, audience: MailAudience): string {
  const what = view.set
    ? `${view.set.members.length} roles (${view.set.members.map((m) => m.roleName).join(", ")})`
    : `${view.roleName} in ${view.accountName}`;
  if (event === "reminder") return `Your access to ${what} ends soon`;
  if (audience === "requester") return `Your request for ${what}: ${view.status.toLowerCase()}`;
  if (event === "created") return `${headline(view)}: ${view.requester.name} → ${what} for ${formatDuration(view.durationSeconds)}`;
  return `${headline(view)} by ${view.requester.name} (${what}): ${view.status.toLowerCase()}`;
}

function oneLine(value: string): string {
  return value
    .replace(/[\r\n\t]+/g, " ")
    .replace(/\s{2,}/g, " ")
    .trim();
}
