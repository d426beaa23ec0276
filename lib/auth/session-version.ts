// The per-person session version in PostgreSQL, shared by every instance. Reads for next-auth's
// session endpoint are cached for a moment per instance (SESSION_VERSION_CACHE_MS); getActor
// compares with the row it loads anyway, so pages, actions and APIs see a bump at once.
import { auditedTransaction, recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export const SESSION_VERSION_CACHE_MS = 2000;
const MAX_CACHED = 10_000;

type Db = Pick<PrismaClient, "user">;

// One cache per process: Next bundles route handlers and pages apart, and a module-level map would
// be one per bundle, so a sign-out's deletion would miss the pages' copy.
type VersionCache = Map<string, { person: { sessionVersion: number } | null; at: number }>;
const store = globalThis as typeof globalThis & { __frontdeskSessionVersions?: VersionCache };
const cache: VersionCache = (store.__frontdeskSessionVersions ??= new Map());

/** The person's current session version, or null when there is no such person. */
export async function sessionVersionOf(db: Db, userId: string, now = Date.now()): Promise<{ sessionVersion: number } | null> {
  const hit = cache.get(userId);
  if (hit && now - hit.at < SESSION_VERSION_CACHE_MS && now >= hit.at) return hit.person;
  const person = await db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(userId, { person, at: now });
  return person;
}

/**
 * Ends every session of this person issued so far, on every instance: their cookies carry an older
 * version from now on. Audited in the same transaction.
 */
export async function endAllSessions(
  db: PrismaClient,
  options: { userId: string; actorId: string | null; reason: "signed-out" | "ended-by-admin" },
  now: Date,
): Promise<boolean> {
  const ended = await auditedTransaction(db, async (tx) => {
    const updated = await tx.user.updateMany({ where: { id: options.userId }, data: { sessionVersion: { increment: 1 } } });
    if (updated.count === 0) return false;
    await recordAuditEvent(
      tx,
      {
        actorId: options.actorId,
        action: options.reason === "signed-out" ? "auth.signed-out" : "auth.sessions-ended",
        targetType: "user",
        targetId: options.userId,
      },
      now,
    );
    return true;
  });
  cache.delete(options.userId);
  return ended;
}
