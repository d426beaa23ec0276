// Who can approve a pending request, by name (the people Frontdesk knows in the rule's approver
// groups and users), when each was notified (their Slack DM, their email), the backups and when they
// are asked, and when the requester may nudge again. Read by the request page for its requester
// and approvers; the page has already checked that the person may see the request.
import type { Deps } from "@/lib/context";
import { MAIL_SEND } from "@/lib/notify/delivery-kinds";
import { notifyOrderGroup } from "@/lib/notify/event-order";
import type { RequestView } from "./request-view";
import { nextNudgeAt } from "./nudge-approvers";
import type { Principals } from "@/lib/policy/access";
import { peopleWhoMayDecide } from "./people-who-may-decide";

export interface RosterPerson {
  id: string;
  name: string;
  email: string;
  /** The first time Frontdesk reached them about this request (Slack DM or email), if it did. */
  notifiedAt: Date | null;
  decision: "APPROVE" | "DENY" | null;
}

export interface ApproverRoster {
  approvers: RosterPerson[];
  backups: RosterPerson[];
  /** When the backups are (or were) asked; null when the rule names none. */
  escalatesAt: Date | null;
  escalated: boolean;
  /** Channels the request was posted in, with when. */
  channels: { channel: string; at: Date }[];
  /** When the approvers may be nudged again (null: now). */
  nextNudgeAt: Date | null;
}

const LIMIT = 50;

export async function approverRoster(deps: Pick<Deps, "db" | "catalog">, view: RequestView): Promise<ApproverRoster> {
  const rule = view.rule;
  const find = (principals: Principals | undefined) =>
    principals ? peopleWhoMayDecide(deps.db, principals, view.requester, { orderBy: "name", take: LIMIT }) : Promise.resolve([]);
  const [primary, backupRows, messages, mails, escalatedEvent, nudge] = await Promise.all([
    find(rule?.approvers),
    find(rule?.escalation.to),
    deps.db.slackMessage.findMany({ where: { requestId: view.id }, select: { kind: true, createdAt: true } }),
    deps.db.job.findMany({ where: { kind: MAIL_SEND, status: "DONE", orderGroup: notifyOrderGroup(view.id) }, select: { payload: true, doneAt: true } }),
    deps.db.auditEvent.findFirst({ where: { requestId: view.id, action: "request.escalated" }, select: { at: true } }),
    nextNudgeAt(deps.db, deps.catalog, view),
  ]);
  const dmAt = new Map(messages.filter((m) => m.kind.startsWith("dm:")).map((m) => [m.kind.slice(3), m.createdAt]));
  const mailAt = new Map<string, Date>();
  for (const mail of mails) {
    const to = (mail.payload as { to?: unknown } | null)?.to;
    if (typeof to !== "string" || !mail.doneAt) continue;
    const key = to.toLowerCase();
    const known = mailAt.get(key);
    if (!known || mail.doneAt < known) mailAt.set(key, mail.doneAt);
  }
  const decisions = new Map(view.reviews.map((r) => [r.reviewer.id, r.decision]));
  const person = (p: { id: string; name: string; email: string }): RosterPerson => {
    const times = [dmAt.get(p.id), mailAt.get(p.email.toLowerCase())].filter((d): d is Date => d !== undefined);
    return { ...p, notifiedAt: times.length ? new Date(Math.min(...times.map((t) => t.getTime()))) : null, decision: decisions.get(p.id) ?? null };
  };
  const primaryIds = new Set(primary.map((p) => p.id));
  return {
    approvers: primary.map(person),
    backups: backupRows.filter((p) => !primaryIds.has(p.id)).map(person),
    escalatesAt: rule?.escalation.after !== undefined ? new Date(view.createdAt.getTime() + rule.escalation.after * 1000) : null,
    escalated: escalatedEvent !== null,
    channels: messages.filter((m) => m.kind.startsWith("channel:")).map((m) => ({ channel: m.kind.slice(8), at: m.createdAt })),
    nextNudgeAt: nudge,
  };
}
