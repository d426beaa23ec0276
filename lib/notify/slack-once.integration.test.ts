// A Slack post across a database outage at the moment of the send, against a PostgreSQL cluster
// this test starts itself: the cluster stops right after Slack accepted the request's message, is
// started again once the runner has found it gone, and the channel still has exactly one message
// for the request, kept (SlackMessage) so later events update it and thread under it.
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import type { Deps } from "@/lib/context";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { jobHandlers } from "@/lib/jobs/handlers";
import { runDueJobs } from "@/lib/jobs/run-due-jobs";
import type { Actor } from "@/lib/policy/access";
import { createRequest } from "@/lib/requests/create-request";
import { decideRequest } from "@/lib/requests/decide-request";
import { createSlackApi, type SlackApi } from "@/lib/slack/client";
import { startPgCluster, type PgCluster } from "@/scripts/dev/pg-cluster";
import { startSlackStandIn, type SlackStandIn } from "@/scripts/dev/slack";
import { IN_DOUBT_GRACE_MS } from "./delivery-record";
import { NOTIFY_CATALOG, PORTAL, SLACK_TOKEN } from "@/lib/testing/notify-kit";

let cluster: PgCluster;
let database: TestDatabase;
let db: PrismaClient;
let slack: SlackStandIn;
let deps: Deps;
const clock = { now: new Date("2026-03-02T09:00:00.000Z") };
let onPosted: (() => Promise<void>) | null = null;

beforeAll(async () => {
  cluster = await startPgCluster();
  database = await createTestDatabase(cluster.serverUrl);
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, max: 4, connectionTimeoutMillis: 1_000 }) });
  slack = await startSlackStandIn({ port: 0, token: SLACK_TOKEN, users: { "alice@example.com": "U0ALICE0001", "bob@example.com": "U0BOB000001" } });
  const real = createSlackApi({ token: SLACK_TOKEN, apiUrl: slack.apiUrl });
  const api: SlackApi = {
    ...real,
    async postMessage(channel, message) {
      const posted = await real.postMessage(channel, message);
      // Slack has the message; the database goes away before anything else can happen.
      const hook = onPosted;
      onPosted = null;
      await hook?.();
      return posted;
    },
  };
  deps = {
    db,
    catalog: parseCatalog(NOTIFY_CATALOG, "notify-catalog.yaml"),
    now: () => new Date(clock.now),
    random: () => 0,
    notifications: { portalUrl: PORTAL, slack: api, slackSigningSecret: null, mailer: null, reminderLeadSeconds: 900 },
  } as unknown as Deps;
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await slack?.stop();
  await cluster?.destroy();
});

async function person(key: string, groups: string[]): Promise<Actor> {
  const user = await db.user.create({ data: { issuer: "https://idp.test", subject: key, email: `${key}@example.com`, name: key, groups } });
  return { id: user.id, email: user.email, name: user.name, groups: user.groups, mfa: false, authTime: new Date(clock.now) } as Actor;
}

/** Runs the outbox like the job loop, across rounds that meet the database down, until nothing Slack is due. */
async function drain() {
  for (let round = 0; round < 12; round++) {
    await runDueJobs(deps, jobHandlers(deps)).catch(() => undefined);
    const due = await db.job.count({ where: { status: "PENDING", kind: { startsWith: "slack." }, runAt: { lte: clock.now } } });
    const fanouts = await db.job.count({ where: { status: "PENDING", kind: "notify.event" } });
    if (due === 0 && fanouts === 0) return;
    clock.now = new Date(clock.now.getTime() + Math.max(121_000, IN_DOUBT_GRACE_MS + 1_000));
  }
  throw new Error("the outbox did not drain");
}

describe("a Slack post across a database outage at the moment of the send", { timeout: 120_000 }, () => {
  it("is posted exactly once, and later events update and thread under that one message", async () => {
    const alice = await person("alice", ["engineering"]);
    const bob = await person("bob", ["security"]);
    const request = await createRequest(deps, { actor: alice, input: { roleId: "ops", justification: "Outage drill", durationMinutes: 60 } });

    let restarted: Promise<void> | null = null;
    let confirmFailures = 0;
    const warn = vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
      if (String(args[0]).includes("cannot be confirmed yet") && ++confirmFailures === 1) restarted = cluster.start();
    });
    onPosted = () => cluster.stop("immediate");
    try {
      await drain();
    } finally {
      warn.mockRestore();
      await restarted;
    }
    expect(confirmFailures).toBe(1);
    const channel = slack.channelId("#ops");
    const tops = () => slack.messages.filter((m) => !m.threadTs && m.channel === channel && JSON.stringify(m.blocks).includes(`/requests/${request.id}`));
    expect(tops()).toHaveLength(1);
    expect(await db.slackMessage.count({ where: { requestId: request.id } })).toBe(1);

    await decideRequest(deps, { actor: bob, requestId: request.id, decision: "APPROVE" });
    await drain();
    expect(tops()).toHaveLength(1);
    const thread = slack.messages.filter((m) => m.threadTs === tops()[0]!.ts).map((m) => m.text);
    expect(thread).toEqual([expect.stringMatching(/^Approved by/), expect.stringMatching(/^Access is active/)]);
  });
});
