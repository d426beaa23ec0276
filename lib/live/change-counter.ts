// What "something changed" means for an open page: the newest audit event about requests (every
// status change, review, extension and nudge appends one in its own transaction). It lives in the
// shared database, so a change made through any app instance is seen by every other one, with no
// broker: each open page's stream asks this counter every few seconds. The notifications page
// follows the outbox instead: the deliveries not yet gone out, which every delivery, retry, give-up
// and new message changes.
import type { Deps } from "@/lib/context";
import { NOTIFICATION_JOB_KINDS } from "@/lib/notify/delivery-kinds";
import { DELIVERED_WINDOW_MS } from "@/lib/notify/list-deliveries";
import { can, requestSubject } from "@/lib/policy/permissions";
import type { Actor } from "@/lib/policy/access";

export type LiveTopic = { kind: "requests" } | { kind: "request"; requestId: string } | { kind: "notifications" };

/**
 * The topic when this person may follow it (a request they may see, the notifications page when they
 * may see it), else null: "not found".
 */
export async function liveTopicFor(
  deps: Pick<Deps, "db" | "catalog">,
  actor: Actor,
  requestId: string | null,
  topic: string | null = null,
): Promise<LiveTopic | null> {
  if (topic === "notifications") return !requestId && can(actor, "notifications.view", null, deps.catalog) ? { kind: "notifications" } : null;
  if (topic !== null) return null;
  if (!requestId) return { kind: "requests" };
  if (requestId.length > 64) return null;
  const row = await deps.db.accessRequest.findUnique({
    where: { id: requestId },
    select: { ruleId: true, requesterId: true, requester: { select: { email: true } } },
  });
  if (!row) return null;
  const subject = requestSubject(row);
  return can(actor, "request.view", subject, deps.catalog) ? { kind: "request", requestId } : null;
}

/** The sequence number of the newest request event in the topic ("0" before any); for notifications, the outbox's fingerprint. */
export async function changeCounter(deps: Pick<Deps, "db" | "now">, topic: LiveTopic): Promise<string> {
  if (topic.kind === "notifications") return outboxFingerprint(deps);
  const newest = await deps.db.auditEvent.findFirst({
    where: topic.kind === "request" ? { requestId: topic.requestId } : { requestId: { not: null } },
    orderBy: { seq: "desc" },
    select: { seq: true },
  });
  return newest ? newest.seq.toString() : "0";
}

/**
 * What the notifications page shows, summed up: the deliveries that have not gone out, per state (a
 * new message raises the newest creation time, a retry adds an attempt, giving up moves a job to
 * FAILED), and how many went out in the last 24 hours (a message delivered between two polls moves it
 * even when the undelivered ones look the same again).
 */
async function outboxFingerprint(deps: Pick<Deps, "db" | "now">): Promise<string> {
  const kind = { in: [...NOTIFICATION_JOB_KINDS] };
  const [groups, delivered] = await Promise.all([
    deps.db.job.groupBy({
      by: ["status"],
      where: { status: { in: ["PENDING", "FAILED"] }, kind },
      _count: { _all: true },
      _sum: { attempts: true },
      _max: { createdAt: true, runAt: true },
      orderBy: { status: "asc" },
    }),
    deps.db.job.count({ where: { kind, status: "DONE", doneAt: { gte: new Date(deps.now().getTime() - DELIVERED_WINDOW_MS) } } }),
  ]);
  const undelivered = groups.map(
    (g) => `${g.status}:${g._count._all}:${g._sum.attempts ?? 0}:${g._max.createdAt?.getTime() ?? 0}:${g._max.runAt?.getTime() ?? 0}`,
  );
  return [...undelivered, `DONE:${delivered}`].join("|");
}
