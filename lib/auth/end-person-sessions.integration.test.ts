// Against real PostgreSQL: an admin ends all of a person's sessions (every identity with that
// email); anyone else is refused and audited; the session version moves on, which is what every
// cookie issued before is checked against.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { refusal } from "@/lib/testing/refusal";
import { endPersonSessions } from "./end-person-sessions";
import { sessionEndReason } from "./session-validity";
import { endAllSessions, sessionVersionOf, SESSION_VERSION_CACHE_MS } from "./session-version";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ withMoto: false });
});
afterAll(() => h?.close());

const versionOf = async (id: string) => (await h.db.user.findUniqueOrThrow({ where: { id } })).sessionVersion;

describe("endPersonSessions", () => {
  it("lets an admin end every session of a person, audited, and the old cookies stop counting", async () => {
    const admin = await h.person("ada", ["admins"]);
    const victim = await h.person("vic", ["engineering"]);
    // The same person signed in by a second method (another identity, same email).
    const twin = await h.db.user.create({ data: { issuer: "saml", subject: "vic-saml", email: "VIC@example.com", name: "Vic", groups: [] } });
    const now = h.now();
    const cookie = { uid: victim.id, iat: now.getTime() / 1000 - 5, signedInAt: now.getTime() / 1000 - 60, sv: 0 };
    const limits = { idleSeconds: 3600, maxSeconds: 8 * 3600 };
    expect(sessionEndReason(cookie, { sessionVersion: await versionOf(victim.id) }, now, limits)).toBeNull();

    expect(await endPersonSessions(h, { actor: admin, email: "vic@example.com" })).toBe(2);
    expect(await versionOf(victim.id)).toBe(1);
    expect(await versionOf(twin.id)).toBe(1);
    expect(sessionEndReason(cookie, { sessionVersion: await versionOf(victim.id) }, now, limits)).toBe("ended");
    const rows = await h.db.auditEvent.findMany({ where: { action: "auth.sessions-ended" } });
    expect(rows.map((r) => [r.actorId, r.targetId]).sort()).toEqual(
      [
        [admin.id, twin.id],
        [admin.id, victim.id],
      ].sort(),
    );
  });

  it("refuses people who are not admins, and audits the refusal", async () => {
    const mallory = await h.person("mallory", ["engineering", "security"]);
    const target = await h.person("tina", ["engineering"]);
    const error = await refusal(endPersonSessions(h, { actor: mallory, email: "tina@example.com" }));
    expect(error.code).toBe("NOT_FOUND");
    expect(await versionOf(target.id)).toBe(0);
    expect(await h.db.auditEvent.count({ where: { action: "auth.end-sessions", result: "refused", actorId: mallory.id } })).toBe(1);
  });

  it("refuses an unknown email and hostile input with a clear message, audited", async () => {
    const admin = await h.person("adele", ["admins"]);
    expect((await refusal(endPersonSessions(h, { actor: admin, email: "nobody@example.com" }))).code).toBe("NOT_FOUND");
    const nul = await refusal(endPersonSessions(h, { actor: admin, email: "a\u0000@example.com" }));
    expect(nul.code).toBe("INVALID_INPUT");
    expect(nul.userMessage).toMatch(/control character/);
    expect(await h.db.auditEvent.count({ where: { action: "auth.end-sessions", result: "refused", actorId: admin.id } })).toBe(2);
  });
});

describe("sessionVersionOf", () => {
  it("caches per instance for a moment, and a bump on this instance is seen at once", async () => {
    const person = await h.person("cache", ["engineering"]);
    const t0 = Date.now();
    expect(await sessionVersionOf(h.db, person.id, t0)).toEqual({ sessionVersion: 0 });
    // Another instance bumps it: this one sees the change once its cache entry is older than the TTL.
    await h.db.user.update({ where: { id: person.id }, data: { sessionVersion: 5 } });
    expect(await sessionVersionOf(h.db, person.id, t0 + 1)).toEqual({ sessionVersion: 0 });
    expect(await sessionVersionOf(h.db, person.id, t0 + SESSION_VERSION_CACHE_MS)).toEqual({ sessionVersion: 5 });
    // A bump on this instance clears its entry.
    await endAllSessions(h.db, { userId: person.id, actorId: person.id, reason: "signed-out" }, h.now());
    expect(await sessionVersionOf(h.db, person.id, t0 + SESSION_VERSION_CACHE_MS + 1)).toEqual({ sessionVersion: 6 });
    expect(await sessionVersionOf(h.db, "no-such-person", t0)).toBeNull();
  });
});
