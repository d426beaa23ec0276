// Retention against real PostgreSQL: old rows disappear on schedule, recent ones and audit events stay.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { verifyChain } from "@/lib/audit/verify-chain";
import { runDueJobs } from "@/lib/jobs/run-due-jobs";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { ensureRetentionScheduled, nextRetentionTime, RETENTION_PRUNE, retentionJobHandlers, type RetentionSettings } from "./retention-jobs";

let h: Harness;
const settings: RetentionSettings = { intervalMinutes: 60, finishedJobsDays: 30, rateLimitHours: 48, expiredGraceHours: 24 };

beforeAll(async () => {
  h = await createHarness({ withMoto: false });
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.db.job.deleteMany();
});

const daysAgo = (days: number) => new Date(h.clock.now.getTime() - days * 86_400_000);

async function seed() {
  const done = (kind: string, days: number, status: "DONE" | "FAILED" = "DONE") =>
    h.db.job.create({ data: { kind, status, runAt: daysAgo(days), createdAt: daysAgo(days), doneAt: daysAgo(days) } });
  const oldA = await done("test.a", 40);
  const olderFailedA = await done("test.a", 39, "FAILED");
  const recentA = await done("test.a", 1);
  const onlyB = await done("test.b", 40);
  const pendingOld = await h.db.job.create({ data: { kind: "test.a", runAt: daysAgo(50), createdAt: daysAgo(50) } });

  await h.db.rateLimitHit.createMany({
    data: [
      { key: "signin:ip:203.0.113.1", windowStart: daysAgo(3), count: 4 },
      { key: "signin:ip:203.0.113.1", windowStart: daysAgo(0.01), count: 2 },
    ],
  });
  await h.db.rateLimitEvent.createMany({
    data: [
      { key: "request:person:x", at: daysAgo(3) },
      { key: "request:person:x", at: daysAgo(0.01) },
    ],
  });
  await h.db.deliveryRecord.createMany({
    data: [
      { key: "mail:old-sent", status: "SENT", startedAt: daysAgo(40), sentAt: daysAgo(40) },
      { key: "mail:old-in-doubt", status: "SENDING", startedAt: daysAgo(40) },
      { key: "mail:recent-sent", status: "SENT", startedAt: daysAgo(1), sentAt: daysAgo(1) },
    ],
  });
  const user = await h.person(`retention-${Date.now()}`, ["engineering"]);
  await h.db.deviceCode.createMany({
    data: [
      { id: "device-old", deviceHash: "h-old", userCode: "OLDC-ODEX", deviceName: "t", expiresAt: daysAgo(2) },
      { id: "device-live", deviceHash: "h-live", userCode: "LIVE-CODE", deviceName: "t", expiresAt: daysAgo(-0.01) },
    ],
  });
  const token = { userId: user.id, deviceName: "t", signedInAt: daysAgo(50), sessionVersion: 0, accessExpiresAt: daysAgo(50) };
  await h.db.apiToken.createMany({
    data: [
      { ...token, id: "token-dead", accessHash: "a1", refreshHash: "r1", refreshExpiresAt: daysAgo(40) },
      { ...token, id: "token-revoked-long-ago", accessHash: "a2", refreshHash: "r2", refreshExpiresAt: daysAgo(-1), revokedAt: daysAgo(40) },
      { ...token, id: "token-live", accessHash: "a3", refreshHash: "r3", refreshExpiresAt: daysAgo(-1) },
    ],
  });
  const intent = { requestId: "r", userId: user.id, kind: "CONSOLE" as const, sessionName: "s", sourceIdentity: "a@example.com", durationSeconds: 900 };
  await h.db.issuanceIntent.createMany({
    data: [
      { ...intent, id: "intent-old-issued", status: "ISSUED", createdAt: daysAgo(40), settledAt: daysAgo(40) },
      { ...intent, id: "intent-old-pending", status: "PENDING", createdAt: daysAgo(40) },
      { ...intent, id: "intent-recent", status: "ISSUED", createdAt: daysAgo(1), settledAt: daysAgo(1) },
    ],
  });
  await h.db.signInTicket.createMany({
    data: [
      { id: "ticket-old", userId: user.id, expiresAt: daysAgo(2) },
      { id: "ticket-live", userId: user.id, expiresAt: daysAgo(-0.01) },
    ],
  });
  await h.db.samlAuthnRequest.createMany({
    data: [
      { id: "_req-old", expiresAt: daysAgo(2) },
      { id: "_req-live", expiresAt: daysAgo(-0.01) },
    ],
  });
  await h.db.samlAssertionSeen.createMany({
    data: [
      { id: "_assert-old", expiresAt: daysAgo(2) },
      { id: "_assert-recent", expiresAt: daysAgo(0.5) },
    ],
  });
  await h.db.slackInteractionSeen.createMany({
    data: [
      { id: "seen-old", expiresAt: daysAgo(2) },
      { id: "seen-live", expiresAt: daysAgo(-1) },
    ],
  });
  // Audit events far older than any limit.
  for (const days of [400, 200, 40]) {
    await h.db.$transaction((tx) => recordAuditEvent(tx, { actorId: user.id, action: "test.ancient", targetType: "test" }, daysAgo(days)));
  }
  return { oldA, olderFailedA, recentA, onlyB, pendingOld };
}

describe("retention", () => {
  it("prunes rows older than the limits on schedule, keeps recent ones and never touches audit events", async () => {
    const jobs = await seed();
    const auditBefore = await h.db.auditEvent.count();

    expect(await ensureRetentionScheduled(h.db, h.now(), settings.intervalMinutes)).toEqual({ created: true });
    expect(await ensureRetentionScheduled(h.db, h.now(), settings.intervalMinutes)).toEqual({ created: false });
    const handlers = retentionJobHandlers(h, () => settings);
    // Not due yet.
    expect((await runDueJobs(h, handlers)).claimed).toBe(0);
    h.clock.now = nextRetentionTime(h.now(), settings.intervalMinutes);
    expect(await runDueJobs(h, handlers)).toMatchObject({ claimed: 1, done: 1 });

    const left = new Set((await h.db.job.findMany({ select: { id: true } })).map((j) => j.id));
    expect(left.has(jobs.oldA.id)).toBe(false);
    expect(left.has(jobs.olderFailedA.id)).toBe(false);
    expect(left.has(jobs.recentA.id)).toBe(true);
    // The newest finished job of a kind stays, however old (chains resume from it).
    expect(left.has(jobs.onlyB.id)).toBe(true);
    expect(left.has(jobs.pendingOld.id)).toBe(true);
    // The next run is scheduled for the next boundary.
    const next = await h.db.job.findMany({ where: { kind: RETENTION_PRUNE, status: "PENDING" } });
    expect(next.map((j) => j.runAt)).toEqual([nextRetentionTime(h.now(), settings.intervalMinutes)]);

    expect((await h.db.rateLimitHit.findMany()).map((r) => r.count)).toEqual([2]);
    expect(await h.db.rateLimitEvent.count()).toBe(1);
    expect((await h.db.deviceCode.findMany()).map((d) => d.id)).toEqual(["device-live"]);
    expect((await h.db.apiToken.findMany()).map((t) => t.id)).toEqual(["token-live"]);
    expect((await h.db.deliveryRecord.findMany({ orderBy: { key: "asc" } })).map((r) => r.key)).toEqual(["mail:old-in-doubt", "mail:recent-sent"]);
    expect((await h.db.issuanceIntent.findMany({ orderBy: { id: "asc" } })).map((r) => r.id)).toEqual(["intent-old-pending", "intent-recent"]);
    expect((await h.db.signInTicket.findMany()).map((t) => t.id)).toEqual(["ticket-live"]);
    expect((await h.db.samlAuthnRequest.findMany()).map((t) => t.id)).toEqual(["_req-live"]);
    // Expired half a day ago: still within the grace period.
    expect((await h.db.samlAssertionSeen.findMany()).map((t) => t.id)).toEqual(["_assert-recent"]);
    expect((await h.db.slackInteractionSeen.findMany()).map((t) => t.id)).toEqual(["seen-live"]);

    expect(await h.db.auditEvent.count()).toBe(auditBefore);
    expect((await verifyChain(h.db)).ok).toBe(true);
  });
});
