// Anchors of the audit chain head through the real outbox runner, posted to a local receiver.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runDueJobs } from "@/lib/jobs/run-due-jobs";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { anchorJobHandlers, anchorJobKey, AUDIT_ANCHOR, ensureAnchorScheduled, nextAnchorTime, readChainHead, type AnchorSettings } from "./anchor-jobs";
import { recordAuditEvent } from "./record-audit-event";
import { verifyChain } from "./verify-chain";

let h: Harness;
let server: http.Server;
let webhookUrl: string;
let status: number;
let received: { contentType: string | undefined; body: unknown }[];
let lines: string[];

beforeAll(async () => {
  h = await createHarness({ withMoto: false });
  server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push({ contentType: request.headers["content-type"], body: JSON.parse(body) });
      response.statusCode = status;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/anchors`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await h.close();
});
beforeEach(async () => {
  await h.db.job.deleteMany();
  status = 200;
  received = [];
  lines = [];
});

const settings =
  (overrides: Partial<AnchorSettings> = {}) =>
  () => ({ intervalMinutes: 60, webhookUrl, log: (line: string) => lines.push(line), ...overrides });
const pendingAnchors = () => h.db.job.findMany({ where: { kind: AUDIT_ANCHOR, status: "PENDING" }, select: { key: true, runAt: true } });

async function record(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await h.db.$transaction((tx) => recordAuditEvent(tx, { actorId: "u1", action: "request.created", targetType: "request", targetId: `r${i}` }, h.now()));
  }
}

describe("nextAnchorTime", () => {
  it("is the next boundary of the interval, the same on every instance", () => {
    expect(nextAnchorTime(new Date("2026-03-02T09:10:00Z"), 60)).toEqual(new Date("2026-03-02T10:00:00Z"));
    expect(nextAnchorTime(new Date("2026-03-02T10:00:00Z"), 60)).toEqual(new Date("2026-03-02T11:00:00Z"));
    expect(nextAnchorTime(new Date("2026-03-02T09:10:00Z"), 15)).toEqual(new Date("2026-03-02T09:15:00Z"));
  });
});

describe("audit.anchor", () => {
  it("is scheduled once however many instances boot", async () => {
    h.clock.now = new Date("2026-03-02T09:10:00.000Z");
    expect(await ensureAnchorScheduled(h.db, h.now(), 60)).toEqual({ created: true });
    expect(await ensureAnchorScheduled(h.db, h.now(), 60)).toEqual({ created: false });
    expect(await pendingAnchors()).toEqual([{ key: "audit.anchor:2026-03-02T10:00:00.000Z", runAt: new Date("2026-03-02T10:00:00.000Z") }]);
  });

  it("logs the chain head, posts it to the webhook and schedules the next anchor, once", async () => {
    await record(3);
    h.clock.now = new Date("2026-03-02T09:10:00.000Z");
    await ensureAnchorScheduled(h.db, h.now(), 60);
    const handlers = anchorJobHandlers(h, settings());
    expect((await runDueJobs(h, handlers)).claimed).toBe(0);

    h.clock.now = new Date("2026-03-02T10:00:00.250Z");
    expect(await runDueJobs(h, handlers)).toMatchObject({ claimed: 1, done: 1 });
    const head = await readChainHead(h.db);
    expect(head.seq).toBe(3);
    expect(lines).toEqual([`[frontdesk] audit anchor seq=3 hash=${head.hash} at=2026-03-02T10:00:00.250Z`]);
    expect(received).toEqual([{ contentType: "application/json", body: { seq: 3, hash: head.hash, at: "2026-03-02T10:00:00.250Z" } }]);
    expect(await pendingAnchors()).toEqual([{ key: anchorJobKey(new Date("2026-03-02T11:00:00.000Z")), runAt: new Date("2026-03-02T11:00:00.000Z") }]);

    // A job that runs again (a crash after the POST) anchors again but does not fork the schedule.
    await handlers[AUDIT_ANCHOR]!.run({}, { id: "again", kind: AUDIT_ANCHOR, attempts: 2, maxAttempts: 20 });
    expect(await pendingAnchors()).toHaveLength(1);

    // What was published lets a verifier start from it.
    expect(await verifyChain(h.db, { fromAnchor: { seq: 3, hash: head.hash } })).toMatchObject({ ok: true, checked: 1, headSeq: 3 });
  });

  it("retries when the webhook fails, with the next anchor already scheduled", async () => {
    await record(1);
    h.clock.now = new Date("2026-03-02T10:59:00.000Z");
    await ensureAnchorScheduled(h.db, h.now(), 60);
    h.clock.now = new Date("2026-03-02T11:00:00.000Z");
    status = 503;
    const handlers = anchorJobHandlers(h, settings());
    const deps = { ...h, random: () => 1 };

    expect(await runDueJobs(deps, handlers)).toMatchObject({ claimed: 1, retried: 1 });
    expect((await pendingAnchors()).map((job) => job.key).sort()).toEqual(["audit.anchor:2026-03-02T11:00:00.000Z", "audit.anchor:2026-03-02T12:00:00.000Z"]);

    status = 200;
    h.clock.now = new Date("2026-03-02T11:00:05.000Z");
    expect(await runDueJobs(deps, handlers)).toMatchObject({ claimed: 1, done: 1 });
    expect(received).toHaveLength(2);
    expect(lines).toHaveLength(2);
    expect(await pendingAnchors()).toEqual([{ key: "audit.anchor:2026-03-02T12:00:00.000Z", runAt: new Date("2026-03-02T12:00:00.000Z") }]);
  });

  it("anchors to the log alone when no webhook is configured, and anchors an empty trail at the genesis", async () => {
    const fresh = await createHarness({ withMoto: false });
    try {
      await anchorJobHandlers(fresh, settings({ webhookUrl: undefined }))[AUDIT_ANCHOR]!.run({}, { id: "j", kind: AUDIT_ANCHOR, attempts: 1, maxAttempts: 20 });
      expect(lines).toEqual([`[frontdesk] audit anchor seq=0 hash=${"0".repeat(64)} at=2026-03-02T09:00:00.000Z`]);
      expect(received).toEqual([]);
    } finally {
      await fresh.close();
    }
  });
});
