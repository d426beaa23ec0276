// What "something changed" means for an open page: the newest audit event about requests (every
// status change, review, extension and nudge appends one in its own transaction). It lives in the
// shared database, so a change made through any app instance is seen by every other one, with no
// broker: each open page's stream asks this counter every few seconds.
import type { Deps } from "@/lib/context";
import { can } from "@/lib/policy/permissions";
import type { Actor } from "@/lib/policy/access";

export type LiveTopic = { kind: "requests" } | { kind: "request"; requestId: string };

/** The topic when this person may follow it (a request they may see), else null: "not found". */
export async function liveTopicFor(deps: Pick<Deps, "db" | "catalog">, actor: Actor, requestId: string | null): Promise<LiveTopic | null> {
  if (!requestId) return { kind: "requests" };
  if (requestId.length > 64) return null;
  const row = await deps.db.accessRequest.findUnique({
    where: { id: requestId },
    select: { ruleId: true, requesterId: true, requester: { select: { email: true } } },
  });
  if (!row) return null;
  const subject = { request: { ruleId: row.ruleId, requesterId: row.requesterId, requesterEmail: row.requester.email } };
  return can(actor, "request.view", subject, deps.catalog) ? { kind: "request", requestId } : null;
}

/** The sequence number of the newest request event in the topic ("0" before any). */
export async function changeCounter(deps: Pick<Deps, "db">, topic: LiveTopic): Promise<string> {
  const newest = await deps.db.auditEvent.findFirst({
    where: topic.kind === "request" ? { requestId: topic.requestId } : { requestId: { not: null } },
    orderBy: { seq: "desc" },
    select: { seq: true },
  });
  return newest ? newest.seq.toString() : "0";
}
