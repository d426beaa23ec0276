// `npx tsx scripts/fault-run.ts [requests] [runners]`: a repeatable fault run of the outbox.
// Starts a PostgreSQL cluster of its own, the Slack stand-in and an SMTP sink, and several runner
// processes (scripts/dev/fault-runner.ts: the app's job loop, with a slow channel). The web tier
// here drives a burst of requests (created → approved and active → ended early) while the run
// kills runners with SIGKILL (restarting them), stops the database for a few seconds, and makes
// Slack and SMTP fail for a while. Once the outbox is drained it prints: operations, committed,
// lost, duplicated, out of order, takeover time and job rows per request.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import type { Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { createTestDatabase } from "@/lib/testing/test-database";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { MAIL_SEND } from "@/lib/notify/delivery-kinds";
import { NOTIFY_CATALOG, PORTAL, SLACK_TOKEN } from "@/lib/testing/notify-kit";
import type { Actor } from "@/lib/policy/access";
import { createRequest } from "@/lib/requests/create-request";
import { decideRequest } from "@/lib/requests/decide-request";
import { endRequest } from "@/lib/requests/end-request";
import { startPgCluster } from "./dev/pg-cluster";
import { startSlackStandIn } from "./dev/slack";
import { startSmtpSink } from "./dev/smtp";

const REQUESTS = Number(process.argv[2] ?? 30);
const RUNNERS = Number(process.argv[3] ?? 3);
const SEND_DELAY_MS = 400;
const RUNNER = path.resolve("scripts/dev/fault-runner.ts");

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => console.log(`[fault-run ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function main(): Promise<void> {
  const cluster = await startPgCluster();
  const database = await createTestDatabase(cluster.serverUrl);
  const slack = await startSlackStandIn({ port: 0, token: SLACK_TOKEN, users: { "bob@example.com": "U0BOB000001", "carol@example.com": "U0CAROL0001" } });
  const smtp = await startSmtpSink({ port: 0 });
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, max: 10, connectionTimeoutMillis: 2_000 }) });
  const runners: (ChildProcess | null)[] = [];
  try {
    const startRunner = async (i: number) => {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", RUNNER, JSON.stringify({ databaseUrl: database.url, slackApiUrl: slack.apiUrl, smtpUrl: smtp.url, sendDelayMs: SEND_DELAY_MS })],
        {
          stdio: ["ignore", "pipe", "ignore"],
        },
      );
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("READY") && resolve());
        child.once("exit", () => reject(new Error(`runner ${i} exited at start`)));
      });
      runners[i] = child;
    };
    await Promise.all(Array.from({ length: RUNNERS }, (_, i) => startRunner(i)));
    log(`${RUNNERS} runners up; ${REQUESTS} requests to go`);

    const deps = {
      db,
      catalog: parseCatalog(NOTIFY_CATALOG, "fault-catalog.yaml"),
      now: () => new Date(),
      limits: { requestsPerHour: 100_000 },
    } as unknown as Deps;
    const person = async (key: string, groups: string[]): Promise<Actor> => {
      const user = await db.user.create({ data: { issuer: "https://idp.test", subject: key, email: `${key}@example.com`, name: key, groups } });
      slack.addUser(
        user.email,
        `U${key
          .toUpperCase()
          .replace(/[^A-Z0-9]/g, "")
          .padEnd(10, "0")}`,
      );
      return {
        id: user.id,
        email: user.email,
        name: user.name,
        groups: user.groups,
        mfa: false,
        get authTime() {
          return new Date();
        },
      } as Actor;
    };
    const bob = await person("bob", ["security"]);

    // The burst: each request goes through three operations, several requests at once.
    let operations = 0;
    let answeredOk = 0;
    const requestIds: string[] = [];
    // Like a person clicking again after an error page: a transient failure is retried (a create
    // carries its form key, a decision repeated is the same decision); a refusal is final.
    const answered: { requestId: string; action: string }[] = [];
    const operate = async <T>(action: string, requestId: () => string | null, work: () => Promise<T>): Promise<T | null> => {
      operations++;
      for (let attempt = 1; attempt <= 10; attempt++) {
        try {
          const value = await work();
          answeredOk++;
          const id = requestId() ?? (value as { id?: string } | null)?.id;
          if (id) answered.push({ requestId: id, action });
          return value;
        } catch (error) {
          const why = error instanceof Error ? error.message.split("\n")[0]!.slice(0, 160) : String(error);
          failures.set(why, (failures.get(why) ?? 0) + 1);
          if (error instanceof AppError) return null;
          await pause(1_000);
        }
      }
      return null;
    };
    const failures = new Map<string, number>();
    const requesters = await Promise.all(Array.from({ length: REQUESTS }, (_, i) => person(`fault${i}`, ["engineering"])));
    const lifecycle = async (i: number) => {
      const requester = requesters[i]!;
      const clientKey = `fault-run-${i}-${Date.now()}`;
      const request = await operate(
        "request.created",
        () => null,
        () => createRequest(deps, { actor: requester, input: { roleId: "ops", justification: `Fault run ${i}`, durationMinutes: 60, clientKey } }),
      );
      if (!request) return;
      requestIds.push(request.id);
      await pause(300);
      if (
        !(await operate(
          "request.approved",
          () => request.id,
          () => decideRequest(deps, { actor: bob, requestId: request.id, decision: "APPROVE" }),
        ))
      )
        return;
      await pause(300);
      await operate(
        "request.ended",
        () => request.id,
        () => endRequest(deps, { actor: requester, requestId: request.id }),
      );
    };

    // Faults on a timeline, next to the burst.
    const takeovers: number[] = [];
    const kill = async (i: number) => {
      const victim = runners[i];
      if (!victim) return;
      // Killed while leases are held (up to 10 s of waiting for some), so the takeover is measured.
      const leased = () =>
        db.job.findMany({ where: { status: "PENDING", lockedUntil: { gt: new Date() } }, select: { id: true, lockedUntil: true } }).catch(() => []);
      let held = await leased();
      for (let wait = 0; held.length === 0 && wait < 50; wait++) {
        await pause(200);
        held = await leased();
      }
      victim.kill("SIGKILL");
      const killedAt = Date.now();
      log(`kill -9 runner ${i} (leases held at that moment: ${held.length})`);
      runners[i] = null;
      void (async () => {
        await pause(1_000);
        await startRunner(i);
        log(`runner ${i} restarted`);
      })();
      // Takeover: every lease held at the kill is done or re-leased by someone else.
      if (held.length === 0) return;
      measuring.push(watchTakeover(held, killedAt));
    };
    const measuring: Promise<void>[] = [];
    const watchTakeover = async (held: { id: string; lockedUntil: Date | null }[], killedAt: number) => {
      for (;;) {
        const rows = await db.job
          .findMany({ where: { id: { in: held.map((h) => h.id) } }, select: { id: true, status: true, lockedUntil: true } })
          .catch(() => null);
        if (rows && rows.every((row) => row.status !== "PENDING" || row.lockedUntil?.getTime() !== held.find((h) => h.id === row.id)!.lockedUntil?.getTime()))
          break;
        await pause(200);
      }
      takeovers.push(Date.now() - killedAt);
    };
    const faults = (async () => {
      await pause(2_000);
      await kill(0);
      await pause(1_000);
      slack.fail({ status: 500 }, 5);
      log("Slack answers 500 to the next 5 calls");
      await pause(2_000);
      log("database stopped");
      await cluster.stop("immediate");
      await pause(4_000);
      await cluster.start();
      log("database started again");
      smtp.fail(5);
      log("SMTP refuses the next 5 messages");
      await pause(2_000);
      slack.fail({ status: 429, retryAfterSeconds: 2 }, 3);
      log("Slack answers 429 to the next 3 calls");
      await kill(1 % RUNNERS);
    })();
    const workers = 6;
    let next = 0;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (next < REQUESTS) {
          const i = next++;
          await lifecycle(i);
        }
      }),
    );
    await faults;
    await Promise.all(measuring);
    log(`burst done: ${operations} operations; waiting for the outbox to drain`);
    for (const [why, count] of failures) log(`refused or failed ×${count}: ${why}`);

    // Drained: nothing due (reminders and settle jobs lie in the future) for two looks in a row.
    let quiet = 0;
    const deadline = Date.now() + 240_000;
    while (quiet < 2 && Date.now() < deadline) {
      await pause(2_000);
      const due = await db.job.count({ where: { status: "PENDING", runAt: { lte: new Date(Date.now() + 60_000) } } });
      quiet = due === 0 ? quiet + 1 : 0;
    }

    const report = await measure(db, slack, smtp, requestIds, answered);
    const rows = await db.job.count();
    const table: [string, string][] = [
      ["operations", String(operations)],
      ["committed", `${report.committed} (answered ok: ${answeredOk})`],
      ["lost", `${report.lostOps} operations, ${report.lostDeliveries} deliveries`],
      ["duplicated", `${report.duplicated} deliveries`],
      ["out of order", `${report.outOfOrder} (threads and mail lanes checked: ${report.lanesChecked})`],
      [
        "takeover time",
        takeovers.length
          ? `max ${(Math.max(...takeovers) / 1000).toFixed(1)} s over ${takeovers.length} kills with leases held`
          : "no leases held at the kills",
      ],
      ["job rows per request", `${(rows / Math.max(1, requestIds.length)).toFixed(1)} (${rows} rows, ${requestIds.length} requests)`],
      [
        "outbox left",
        `${await db.job.count({ where: { status: "PENDING", runAt: { lte: new Date(Date.now() + 60_000) } } })} due, ${await db.job.count({ where: { status: "FAILED" } })} failed`,
      ],
    ];
    const width = Math.max(...table.map(([k]) => k.length));
    console.log(`\n| ${"measure".padEnd(width)} | result |\n| ${"-".repeat(width)} | ------ |`);
    for (const [k, v] of table) console.log(`| ${k.padEnd(width)} | ${v} |`);
  } finally {
    for (const child of runners) child?.kill("SIGKILL");
    await db.$disconnect();
    await slack.stop();
    await smtp.stop();
    await cluster.destroy();
  }
}

type Slack = Awaited<ReturnType<typeof startSlackStandIn>>;
type Smtp = Awaited<ReturnType<typeof startSmtpSink>>;

async function measure(db: PrismaClient, slack: Slack, smtp: Smtp, requestIds: string[], answered: { requestId: string; action: string }[]) {
  const audit = await db.auditEvent.findMany({ where: { requestId: { in: requestIds }, result: "ok" }, select: { requestId: true, action: true } });
  const has = (id: string, action: string) => audit.some((e) => e.requestId === id && e.action === action);
  const channel = slack.channelId("#ops");
  let committed = 0;
  let lostDeliveries = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  let lanesChecked = 0;
  for (const id of requestIds) {
    const created = has(id, "request.created");
    const approved = has(id, "request.approved");
    const ended = has(id, "request.ended");
    committed += [created, approved, ended].filter(Boolean).length;
    // Slack: one post per request in #ops, then one reply per later event, in order.
    const tops = slack.messages.filter((m) => !m.threadTs && m.channel === channel && JSON.stringify(m.blocks).includes(`/requests/${id}`));
    if (tops.length === 0) lostDeliveries++;
    duplicated += Math.max(0, tops.length - 1);
    const expected = [...(approved ? ["Approved by", "Access is active"] : []), ...(ended ? ["Access ended early by"] : [])];
    const replies = tops[0] ? slack.messages.filter((m) => m.threadTs === tops[0]!.ts && m.channel === channel).map((m) => m.text) : [];
    const kinds = replies.map((text) => expected.find((prefix) => text.startsWith(prefix)) ?? text);
    const distinct = [...new Set(kinds)];
    duplicated += kinds.length - distinct.length;
    lostDeliveries += expected.filter((prefix) => !distinct.includes(prefix)).length;
    lanesChecked++;
    if (distinct.join("|") !== expected.filter((prefix) => distinct.includes(prefix)).join("|")) outOfOrder++;
  }
  // An operation the person was told succeeded must be in the database.
  const lostOps = answered.filter((op) => !has(op.requestId, op.action)).length;
  // Email: each Message-ID once; per recipient and request, in the order of the events.
  const jobs = await db.job.findMany({ where: { kind: MAIL_SEND }, select: { id: true, orderGroup: true, orderKey: true, status: true } });
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const seenIds = new Set<string>();
  const lanes = new Map<string, bigint>();
  for (const mail of smtp.mails) {
    const messageId = mail.headers["message-id"] ?? "";
    if (seenIds.has(messageId)) duplicated++;
    seenIds.add(messageId);
    const job = byId.get(/^<([^@]+)@/.exec(messageId)?.[1] ?? "");
    if (!job?.orderGroup || job.orderKey === null) continue;
    const lane = `${job.orderGroup}|${mail.to.join(",").toLowerCase()}`;
    const previous = lanes.get(lane);
    if (previous !== undefined && job.orderKey < previous) outOfOrder++;
    lanes.set(lane, job.orderKey);
  }
  lanesChecked += lanes.size;
  lostDeliveries += jobs.filter((j) => j.status === "DONE" && !seenIds.has(`<${j.id}@${new URL(PORTAL).hostname}>`)).length;
  lostDeliveries += jobs.filter((j) => j.status === "FAILED").length;
  return { committed, lostOps, lostDeliveries, duplicated, outOfOrder, lanesChecked };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
