// The SIEM/webhook sink against real PostgreSQL and a real HTTP receiver on loopback: outages,
// errors and slow answers are retried, and every event arrives once, in order.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs } from "@/lib/jobs/run-due-jobs";
import type { JobHandlers } from "@/lib/jobs/types";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { recordAuditEvent } from "./record-audit-event";
import { AUDIT_DELIVER, auditSinkHandlers, ensureSinkScheduled, nextDeliverJobKey } from "./sink-jobs";

interface Delivery {
  seqs: string[];
  idempotencyKey: string | undefined;
  authorization: string | undefined;
  contentType: string | undefined;
}

interface Receiver {
  url: string;
  port: number;
  /** What it accepted (answered 2xx to). */
  accepted: Delivery[];
  /** Every request that reached it, accepted or not. */
  hits: number;
  mode: "ok" | "fail" | "hang";
  close(): Promise<void>;
}

async function startReceiver(port = 0): Promise<Receiver> {
  const server: Server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      receiver.hits++;
      if (receiver.mode === "hang") return;
      if (receiver.mode === "fail") return void res.writeHead(503).end("busy");
      const { events } = JSON.parse(body) as { events: { seq: string }[] };
      receiver.accepted.push({
        seqs: events.map((e) => e.seq),
        idempotencyKey: req.headers["idempotency-key"] as string | undefined,
        authorization: req.headers.authorization,
        contentType: req.headers["content-type"],
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const bound = (server.address() as AddressInfo).port;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${bound}/hook`,
    port: bound,
    accepted: [],
    hits: 0,
    mode: "ok",
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}

let h: Harness;
let webhookUrl: string;
let handlers: JobHandlers;
let receiver: Receiver | null = null;
let recorded = 0;

const advance = (seconds: number) => (h.clock.now = new Date(h.clock.now.getTime() + seconds * 1000));
const record = (count: number) =>
  h.db.$transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      recorded++;
      await recordAuditEvent(tx, { actorId: null, action: "test.event", targetType: "test", targetId: String(recorded) }, h.now());
    }
  });
const pending = () => h.db.job.findMany({ where: { kind: AUDIT_DELIVER, status: "PENDING" } });
const delivered = () => receiver?.accepted.flatMap((d) => d.seqs) ?? [];
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

/** Runs whatever is due now until nothing is. */
async function drain(): Promise<void> {
  for (let round = 0; round < 50; round++) {
    if ((await runDueJobs(h, handlers)).claimed === 0) return;
  }
  throw new Error("the sink never settled");
}

beforeAll(async () => {
  h = await createHarness({ withMoto: false });
  // A port that nothing listens on yet: the receiver starts there later.
  const probe = await startReceiver();
  webhookUrl = probe.url;
  await probe.close();
  handlers = auditSinkHandlers({ db: h.db, now: h.now, webhookUrl: () => webhookUrl, timeoutMs: 300, batchSize: 4, idlePollMs: 15_000 });
});
afterAll(async () => {
  await receiver?.close();
  await h.close();
});

describe("the audit sink", () => {
  it("retries while the receiver is down, then delivers every event once, in order", async () => {
    await record(10);
    expect(await ensureSinkScheduled(h.db, h.now(), { webhookUrl })).toBe(true);
    expect(await ensureSinkScheduled(h.db, h.now(), { webhookUrl })).toBe(false);

    expect(await runDueJobs(h, handlers)).toMatchObject({ claimed: 1, retried: 1 });
    const [waiting] = await pending();
    expect(waiting).toMatchObject({ attempts: 1, payload: { afterSeq: "0" } });
    expect(waiting!.runAt.getTime()).toBeGreaterThan(h.now().getTime());
    expect((await runDueJobs(h, handlers)).claimed).toBe(0);

    receiver = await startReceiver(Number(new URL(webhookUrl).port));
    advance(60);
    await drain();
    expect(receiver.accepted.map((d) => d.seqs)).toEqual([range(1, 4), range(5, 8), range(9, 10)]);
    expect(receiver.accepted[0]).toMatchObject({ idempotencyKey: "frontdesk-audit-1-4", contentType: "application/json", authorization: undefined });

    // Caught up: the chain waits, then picks up what came since.
    expect(await pending()).toHaveLength(1);
    await record(3);
    await drain();
    expect(delivered()).toEqual(range(1, 10));
    advance(15);
    await drain();
    expect(delivered()).toEqual(range(1, 13));
    advance(15);
    await drain();
    expect(delivered()).toEqual(range(1, 13));
    expect(await pending()).toHaveLength(1);
  });

  it("retries an error answer and a receiver that does not answer in time, skipping nothing", async () => {
    const r = receiver!;
    await record(2);
    advance(15);
    r.mode = "fail";
    await drain();
    const hitsAfterFailure = r.hits;
    expect(hitsAfterFailure).toBeGreaterThan(0);
    r.mode = "hang";
    advance(60);
    await drain();
    expect(r.hits).toBe(hitsAfterFailure + 1);
    const [waiting] = await pending();
    expect(waiting?.attempts).toBe(2);
    expect(delivered()).toEqual(range(1, 13));

    r.mode = "ok";
    advance(120);
    await drain();
    expect(delivered()).toEqual(range(1, 15));
  });

  it("re-sends a batch when a job runs twice, but never forks the chain", async () => {
    await record(1);
    advance(15);
    const [job] = await pending();
    const deliver = handlers[AUDIT_DELIVER]!;
    const running = { id: job!.id, kind: job!.kind, attempts: 1, maxAttempts: job!.maxAttempts };
    await deliver.run(job!.payload, running);
    await record(1);
    // The second run (after a crash, say) finds more, and sends it: at least once, still in order.
    await deliver.run(job!.payload, running);
    expect(receiver!.accepted.slice(-2).map((d) => d.seqs)).toEqual([["16"], ["16", "17"]]);
    const successors = await h.db.job.findMany({ where: { key: nextDeliverJobKey(job!.id) } });
    expect(successors).toHaveLength(1);
    expect(successors[0]?.payload).toEqual({ afterSeq: "16" });
  });

  it("restarts a chain that gave up where it stopped, once, and only with a webhook configured", async () => {
    await h.db.job.updateMany({ where: { kind: AUDIT_DELIVER, status: "PENDING" }, data: { status: "FAILED" } });
    expect(await ensureSinkScheduled(h.db, h.now(), { webhookUrl: undefined })).toBe(false);
    const [restarted, again] = await Promise.all([ensureSinkScheduled(h.db, h.now(), { webhookUrl }), ensureSinkScheduled(h.db, h.now(), { webhookUrl })]);
    expect([restarted, again].filter(Boolean)).toHaveLength(1);
    const [job] = await pending();
    expect(job).toMatchObject({ key: expect.stringMatching(/^audit\.deliver:restart:/), payload: { afterSeq: "16" } });
    await drain();
    expect(delivered().at(-1)).toBe("17");
  });

  it("sends credentials from the webhook URL as basic auth", async () => {
    const url = new URL(webhookUrl);
    url.username = "siem";
    url.password = "p@ss:word";
    webhookUrl = url.toString();
    await record(1);
    advance(15);
    await drain();
    expect(receiver!.accepted.at(-1)).toMatchObject({ seqs: ["18"], authorization: `Basic ${Buffer.from("siem:p@ss:word").toString("base64")}` });
  });
});
