// The sentences every channel uses, so Slack and email say the same thing. Pure: names and dates
// are formatted by the caller's Style (Slack escapes names and shows dates in the reader's time
// zone; email writes the recipient's zone when known, else UTC, and is escaped as a whole).
import type { RequestEventName } from "./request-events";
import type { PersonView, RequestView } from "@/lib/requests/request-view";

export interface Style {
  name(person: PersonView): string;
  text(value: string): string;
  date(date: Date): string;
}

const namesOf = (people: PersonView[], s: Style) => people.map((p) => s.name(p)).join(", ");
const comment = (text: string | null | undefined, s: Style) => (text ? ` Comment: “${s.text(text)}”` : "");

/** One line about what the request is in now, and who made it so. */
export function statusSentence(view: RequestView, s: Style): string {
  const approvers = namesOf(view.approvals.approvers, s);
  const denial = view.reviews.find((r) => r.decision === "DENY");
  switch (view.status) {
    case "PENDING": {
      const { count, required } = view.approvals;
      return count > 0
        ? `Waiting for approval: ${count} of ${required} (approved by ${namesOf(
            view.approvals.approvers.filter((a) => a.counted),
            s,
          )}).`
        : `Waiting for approval${view.approvals.required > 1 ? ` (${view.approvals.required} approvals needed)` : ""}.`;
    }
    case "APPROVED":
      return `Approved by ${approvers || "its rule"}; access starts ${view.startsAt ? s.date(view.startsAt) : "at the scheduled time"}.`;
    case "ACTIVE":
      if (view.kind === "BREAK_GLASS")
        return `Break-glass: self-activated, active until ${view.endsAt ? s.date(view.endsAt) : "its end"}. Review it after the fact.`;
      return `Approved by ${approvers || "its rule"}; active until ${view.endsAt ? s.date(view.endsAt) : "its end"}.`;
    case "DENIED":
      return `Denied by ${denial ? s.name(denial.reviewer) : "an approver"}${view.decidedAt ? ` at ${s.date(view.decidedAt)}` : ""}.${comment(denial?.comment, s)}`;
    case "CANCELLED":
      // Cancelled by the clock or another person's action (a revoked grant's pending extension), with why.
      if (view.closeReason)
        return `Cancelled${view.closedBy ? ` by ${s.name(view.closedBy)}` : ""}${view.closedAt ? ` at ${s.date(view.closedAt)}` : ""}: ${s.text(view.closeReason)}`;
      return `Cancelled by ${s.name(view.requester)}${view.decidedAt ? ` at ${s.date(view.decidedAt)}` : ""}.`;
    case "EXPIRED":
      return `Expired${view.decidedAt ? ` at ${s.date(view.decidedAt)}` : ""}: nobody decided in time.`;
    case "REVOKED":
      return `Revoked by ${view.closedBy ? s.name(view.closedBy) : "an admin"}${view.closedAt ? ` at ${s.date(view.closedAt)}` : ""}.${reason(view, s)}`;
    case "ENDED":
      if (view.closedBy) return `Ended early by ${s.name(view.closedBy)}${view.closedAt ? ` at ${s.date(view.closedAt)}` : ""}.`;
      return `Ended at ${s.date(view.endsAt ?? view.closedAt ?? view.createdAt)}: the access window is over${approvers ? ` (approved by ${approvers})` : ""}.`;
  }
}

function expiry(view: RequestView, s: Style): string {
  return view.rule ? s.date(new Date(view.createdAt.getTime() + view.rule.pendingTimeout * 1000)) : "soon";
}

function reason(view: RequestView, s: Style): string {
  return view.closeReason ? ` Reason: “${s.text(view.closeReason)}”` : "";
}

/** One line about one event (a thread reply, an email's first line). */
export function eventSentence(event: RequestEventName, view: RequestView, actor: PersonView | null, at: Date, s: Style): string {
  const by = actor ? s.name(actor) : null;
  const review = actor ? view.reviews.find((r) => r.reviewer.id === actor.id) : undefined;
  switch (event) {
    case "created":
      return `${s.name(view.requester)} asked for ${s.text(view.roleName)} in ${s.text(view.accountName)}.`;
    case "approval-recorded":
      return `Approved by ${by ?? "an approver"} (${view.approvals.count} of ${view.approvals.required}).${comment(review?.comment, s)}`;
    case "approved":
      return by ? `Approved by ${by}.${comment(review?.comment, s)}` : "Approved automatically by its rule.";
    case "activated":
      return `Access is active until ${view.endsAt ? s.date(view.endsAt) : "its end"}.`;
    case "denied":
      return `Denied by ${by ?? "an approver"}.${comment(review?.comment, s)}`;
    case "cancelled":
      return `Cancelled by ${by ?? s.name(view.requester)}.`;
    case "expired":
      return "Expired: nobody decided in time.";
    case "revoked":
      return `Access revoked by ${by ?? "an admin"} at ${s.date(at)}.${reason(view, s)}`;
    case "ended":
      return by ? `Access ended early by ${by} at ${s.date(at)}.` : `The access window ended at ${s.date(at)}.`;
    case "break-glass":
      return `${s.name(view.requester)} activated break-glass access to ${s.text(view.roleName)} in ${s.text(view.accountName)}.`;
    case "extended":
      return `Access extended until ${view.endsAt ? s.date(view.endsAt) : "its new end"}${by ? ` (approved by ${by})` : ""}.`;
    case "approvers-reminded":
      return `Reminder: still waiting for ${view.approvals.remaining === 1 ? "an approval" : `${view.approvals.remaining} approvals`}; it expires ${expiry(view, s)} if nobody decides.`;
    case "escalated":
      return `Nobody has decided yet, so the backup approvers were asked too. It expires ${expiry(view, s)}.`;
    case "nudged":
      return `${s.name(view.requester)} is still waiting and asks the approvers to decide. It expires ${expiry(view, s)}.`;
  }
}

/** What a requester hears about their own request. */
export function requesterSentence(event: RequestEventName | "reminder", view: RequestView, actor: PersonView | null, s: Style): string {
  const what = `${s.text(view.roleName)} in ${s.text(view.accountName)}`;
  const by = actor ? ` by ${s.name(actor)}` : "";
  const review = actor ? view.reviews.find((r) => r.reviewer.id === actor.id) : undefined;
  switch (event) {
    case "activated":
      // Sent only when a scheduled window opens (see requesterHears).
      if (view.status === "ACTIVE") return `Your access to ${what} is now active, until ${view.endsAt ? s.date(view.endsAt) : "its end"}.`;
      return eventSentence(event, view, actor, view.startsAt ?? view.createdAt, s);
    case "approved":
      return view.startsAt && view.status === "APPROVED"
        ? `Your request for ${what} was approved${by}. Access starts ${s.date(view.startsAt)} and ends ${view.endsAt ? s.date(view.endsAt) : "on time"}.`
        : `Your request for ${what} was approved${by}. Access is active until ${view.endsAt ? s.date(view.endsAt) : "its end"}.`;
    case "denied":
      return `Your request for ${what} was denied${by}.${comment(review?.comment, s)}`;
    case "expired":
      return `Your request for ${what} expired: nobody decided in time. You can ask again.`;
    case "revoked":
      return `Your access to ${what} was revoked${by}.${reason(view, s)}`;
    case "extended":
      return `Your access to ${what} was extended until ${view.endsAt ? s.date(view.endsAt) : "its new end"}.`;
    case "reminder":
      return `Your access to ${what} ends ${view.endsAt ? s.date(view.endsAt) : "soon"}. Ask for an extension on the request page if you need more time.`;
    default:
      return eventSentence(event, view, actor, view.decidedAt ?? view.createdAt, s);
  }
}

export function headline(view: RequestView): string {
  switch (view.kind) {
    case "BREAK_GLASS":
      return "Break-glass AWS access";
    case "EXTENSION":
      return "AWS access extension request";
    default:
      return "AWS access request";
  }
}
