// Email sent once across a database outage at the moment of the send, against a PostgreSQL cluster
// this test starts itself (never the shared server): the cluster is stopped right after the mail
// server accepted the message, started again once the runner has found it gone, and the mail is
// still delivered exactly once. A send whose runner died before confirming it is sent again, after
// a grace period, with the same Message-ID (the documented at-least-once residual).
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Deps } from "@/lib/context";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { runDueJobs } from "@/lib/jobs/run-due-jobs";
import { createSmtpMailer, type Mailer } from "@/lib/mail/mailer";
import { startPgCluster, type PgCluster } from "@/scripts/dev/pg-cluster";
import { startSmtpSink, type SmtpSink } from "@/scripts/dev/smtp";
import { IN_DOUBT_GRACE_MS } from "./delivery-record";
import { MAIL_SEND } from "./delivery-kinds";
import { mailJobHandlers } from "./mail-jobs";

let cluster: PgCluster;
let database: TestDatabase;
let db: PrismaClient;
let smtp: SmtpSink;
let deps: Deps;
const clock = { now: new Date("2026-03-02T09:00:00.000Z") };
let onSent: (() => Promise<void>) | null = null;

beforeAll(async () => {
  cluster = await startPgCluster();
  database = await createTestDatabase(cluster.serverUrl);
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, max: 4, connectionTimeoutMillis: 1_000 }) });
  smtp = await startSmtpSink({ port: 0 });
  const real = createSmtpMailer({ url: smtp.url, from: "Frontdesk <frontdesk@example.com>" });
  const mailer: Mailer = {
    async send(mail) {
      await real.send(mail);
      // The mail server said 250; the database goes away before anything else can happen.
      const hook = onSent;
      onSent = null;
      await hook?.();
    },
  };
  deps = {
    db,
    now: () => new Date(clock.now),
    notifications: { portalUrl: "https://frontdesk.test", slack: null, slackSigningSecret: null, mailer, reminderLeadSeconds: 900 },
  } as unknown as Deps;
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await smtp?.stop();
  await cluster?.destroy();
});

const advance = (ms: number) => (clock.now = new Date(clock.now.getTime() + ms));

async function enqueueMail(to: string) {
  return db.job.create({
    data: { kind: MAIL_SEND, payload: { to, subject: `For ${to}`, text: "hello", html: "<p>hello</p>" }, runAt: clock.now, maxAttempts: 40 },
  });
}

/** Runs the mail jobs as the job loop would, tolerating a round that meets the database down. */
async function runUntilDone(jobId: string, rounds = 10) {
  for (let round = 0; round < rounds; round++) {
    await runDueJobs(deps, mailJobHandlers(deps)).catch(() => undefined);
    const job = await db.job.findUniqueOrThrow({ where: { id: jobId } });
    if (job.status !== "PENDING") return job;
    // The next round comes after any lease or wait has run out, as it would on a later tick.
    advance(Math.max(121_000, IN_DOUBT_GRACE_MS + 1_000));
  }
  throw new Error("the mail job did not finish");
}

describe("email across a database outage at the moment of the send", { timeout: 120_000 }, () => {
  it("is sent exactly once", async () => {
    const job = await enqueueMail("outage@example.com");
    let confirmFailures = 0;
    let restarted: Promise<void> | null = null;
    const warn = vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
      // The runner found the database gone while confirming: bring it back now.
      if (String(args[0]).includes("cannot be confirmed yet") && ++confirmFailures === 1) restarted = cluster.start();
    });
    onSent = () => cluster.stop("immediate");
    try {
      const done = await runUntilDone(job.id);
      expect(done.status).toBe("DONE");
    } finally {
      warn.mockRestore();
      await restarted;
    }
    expect(confirmFailures).toBe(1);
    const received = smtp.mails.filter((m) => m.to.includes("outage@example.com"));
    expect(received).toHaveLength(1);
    expect(await db.deliveryRecord.findUniqueOrThrow({ where: { key: `${MAIL_SEND}:${job.id}` } })).toMatchObject({ status: "SENT", attempts: 1 });
  });

  it("a send whose runner died unconfirmed is sent again after a grace period, with the same Message-ID, without using up attempts", async () => {
    const job = await enqueueMail("indoubt@example.com");
    // The runner that died had committed its record and sent: nothing confirmed it.
    await db.deliveryRecord.create({ data: { key: `${MAIL_SEND}:${job.id}`, status: "SENDING", startedAt: clock.now } });
    const first = await runDueJobs(deps, mailJobHandlers(deps));
    expect(first).toMatchObject({ claimed: 1, done: 0, retried: 0, failed: 0 });
    expect(await db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "PENDING", attempts: 0 });
    expect(smtp.mails.filter((m) => m.to.includes("indoubt@example.com"))).toHaveLength(0);

    advance(IN_DOUBT_GRACE_MS);
    expect(await runDueJobs(deps, mailJobHandlers(deps))).toMatchObject({ done: 1 });
    const received = smtp.mails.filter((m) => m.to.includes("indoubt@example.com"));
    expect(received).toHaveLength(1);
    expect(received[0]!.headers["message-id"]).toBe(`<${job.id}@frontdesk.test>`);
    expect(await db.deliveryRecord.findUniqueOrThrow({ where: { key: `${MAIL_SEND}:${job.id}` } })).toMatchObject({ status: "SENT", attempts: 2 });
  });
});
