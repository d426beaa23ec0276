// A request's timeline is its audit record. For roles asked for together it is the whole set's: the
// set's decisions are recorded once per role in one transaction, and read here as one line; what
// happened to one role only (its credentials, its own extension, its revocation) says which role.
import type { Deps } from "@/lib/context";

/** One audit event of a request (or of a set's roles), with the name of whoever caused it. */
export interface TimelineEvent {
  seq: string;
  at: Date;
  action: string;
  result: string;
  actorName: string | null;
  data: Record<string, unknown>;
  /** In a set: the roles the event is about, when it is not about all of them; null otherwise. */
  roles: string[] | null;
}

const LIMIT = 500;

/** The members' audit trail, oldest first; `members` is the request alone, or every role of its set. */
export async function loadTimeline(deps: Pick<Deps, "db">, members: readonly { id: string; roleName: string }[]): Promise<TimelineEvent[]> {
  const ids = members.map((m) => m.id);
  const events = await deps.db.auditEvent.findMany({
    where: ids.length === 1 ? { requestId: ids[0] } : { requestId: { in: ids } },
    orderBy: { seq: "asc" },
    take: LIMIT * ids.length,
  });
  const actorIds = [...new Set(events.map((e) => e.actorId).filter((id): id is string => id !== null))];
  const actors = actorIds.length > 0 ? await deps.db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } }) : [];
  const names = new Map(actors.map((a) => [a.id, a.name]));
  const roleOf = new Map(members.map((m) => [m.id, m.roleName]));

  // The same action by the same person at the same instant on several roles of the set is one step.
  const merged = new Map<string, { event: (typeof events)[number]; requestIds: Set<string> }>();
  for (const event of events) {
    const key = ids.length === 1 ? event.seq.toString() : `${event.action}|${event.result}|${event.actorId ?? ""}|${event.at.getTime()}`;
    const seen = merged.get(key);
    if (seen) seen.requestIds.add(event.requestId ?? "");
    else merged.set(key, { event, requestIds: new Set([event.requestId ?? ""]) });
  }
  return [...merged.values()].slice(-LIMIT).map(({ event: e, requestIds }) => ({
    seq: e.seq.toString(),
    at: e.at,
    action: e.action,
    result: e.result,
    actorName: e.actorId ? (names.get(e.actorId) ?? "someone no longer known") : null,
    data: (e.data ?? {}) as Record<string, unknown>,
    roles: ids.length > 1 && requestIds.size < ids.length ? ids.filter((id) => requestIds.has(id)).map((id) => roleOf.get(id) ?? id) : null,
  }));
}
