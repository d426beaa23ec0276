import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { actionLabel } from "@/lib/audit/action-labels";
import { Card, CardHeader } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import type { TimelineEvent } from "@/lib/requests/timeline";

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);
const when = (value: unknown): ReactNode => (text(value) ? <Time date={String(value)} /> : null);
const count = (d: Record<string, unknown>): string =>
  typeof d.approvals === "number" && typeof d.required === "number" && d.required > 1 ? ` (${d.approvals} of ${d.required})` : "";

/** Each audit event in words a person reads; unknown actions still appear, by their name. */
function describe(event: TimelineEvent): { text: string; detail?: ReactNode } {
  const who = event.actorName ?? "Frontdesk";
  const d = event.data;
  if (event.result !== "ok") {
    return { text: `${event.result === "failed" ? "Failed" : "Refused"}: ${actionLabel(event.action).toLowerCase()} by ${who}`, detail: text(d.reason) };
  }
  switch (event.action) {
    case "request.created":
      return {
        text: d.kind === "EXTENSION" ? `More time requested by ${who}` : `Requested by ${who}`,
        detail: (
          <>
            {text(d.ticket) && `Ticket ${String(d.ticket)}`}
            {text(d.ticket) && text(d.startAt) && " · "}
            {text(d.startAt) && <>Start {when(d.startAt)}</>}
          </>
        ),
      };
    case "request.approval-recorded":
      return { text: `Approved by ${who}${count(d)}`, detail: text(d.comment) };
    case "request.approved":
      return { text: `Approved by ${who}${count(d)}`, detail: text(d.comment) };
    case "request.auto-approved":
      return { text: "Approved automatically by its rule", detail: text(d.ruleId) && `Rule ${String(d.ruleId)}` };
    case "request.break-glass":
      return { text: `Break glass: activated without approval by ${who}`, detail: text(d.reason) };
    case "request.scheduled":
      return {
        text: "Scheduled",
        detail: text(d.startsAt) && (
          <>
            From {when(d.startsAt)} to {when(d.endsAt)}
          </>
        ),
      };
    case "request.extended":
      return { text: "Window extended", detail: text(d.endsAt) && <>Now until {when(d.endsAt)}</> };
    case "review-task.completed":
      return { text: `Break-glass review completed by ${who}`, detail: text(d.notes) };
    case "request.denied":
      return { text: `Denied by ${who}`, detail: text(d.comment) };
    case "request.activated":
      return { text: "Access window opened", detail: text(d.endsAt) && <>Until {when(d.endsAt)}</> };
    case "request.cancelled":
      return { text: `Cancelled by ${who}` };
    case "request.expired":
      return { text: "Expired: nobody decided in time" };
    case "request.ended":
      return event.actorName ? { text: `Ended early by ${who}` } : { text: "The access window ended" };
    case "request.revoked":
      return { text: `Revoked by ${who}`, detail: text(d.reason) };
    case "access.credentials-issued":
    case "access.console-link-issued":
      return {
        text: event.action === "access.credentials-issued" ? "Credentials issued" : "Console link issued",
        detail: text(d.sessionName) && `Session ${String(d.sessionName)}`,
      };
    case "access.issue-started":
      return { text: "Session asked of AWS", detail: text(d.sessionName) && `Session ${String(d.sessionName)}` };
    case "access.issue-unconfirmed":
      return {
        text: "AWS may have issued a session Frontdesk could not confirm",
        detail: text(d.sessionName) && `Search CloudTrail for ${String(d.sessionName)}`,
      };
    case "revocation.requested":
      return { text: "Revocation at AWS requested" };
    case "revocation.applied":
      return { text: "Sessions denied at AWS", detail: text(d.cutoff) && <>Issued before {when(d.cutoff)}</> };
    case "revocation.removed":
      return { text: "Deny removed at AWS" };
    case "request.nudged":
      return { text: `Approvers nudged by ${who}` };
    case "request.approvers-reminded":
      return { text: "Approvers reminded: it expires soon" };
    case "request.escalated":
      return { text: "Backup approvers asked: nobody had decided" };
    default:
      return { text: `${actionLabel(event.action)} (${who})` };
  }
}

export function RequestTimeline({ events, wholeSet = false }: { events: TimelineEvent[]; wholeSet?: boolean }) {
  return (
    <Card label="Timeline">
      <CardHeader title="Timeline" description={wholeSet ? "From the audit trail, for every role in this request." : "From the audit trail."} />
      <ol className="space-y-4 px-5 py-4">
        {events.map((event) => {
          const { text: line, detail } = describe(event);
          return (
            <li key={event.seq} className="relative border-l-2 border-slate-200 pl-4">
              <p className="text-sm text-slate-900">
                {event.roles && <span className="font-medium">{event.roles.join(", ")}: </span>}
                {line} {event.result !== "ok" && <Badge tone="danger">{event.result}</Badge>}
              </p>
              {detail && <p className="mt-0.5 break-words text-xs text-slate-600">{detail}</p>}
              <p className="mt-0.5 text-xs text-slate-600">
                <Time date={event.at} /> · event #{event.seq}
              </p>
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
