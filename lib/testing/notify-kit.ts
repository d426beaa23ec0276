// Shared wiring for the notification integration tests: a harness with a catalog whose rules
// notify Slack and email, the Slack stand-in and an SMTP sink, and helpers to run the outbox the
// way the app's job loop does.
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import type { Deps } from "@/lib/context";
import { jobHandlers } from "@/lib/jobs/handlers";
import { runDueJobs } from "@/lib/jobs/run-due-jobs";
import { createSmtpMailer } from "@/lib/mail/mailer";
import type { Actor } from "@/lib/policy/access";
import { createRequest } from "@/lib/requests/create-request";
import { createSlackApi } from "@/lib/slack/client";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { startSlackStandIn, type SlackStandIn } from "@/scripts/dev/slack";
import { startSmtpSink, type SmtpSink } from "@/scripts/dev/smtp";
import type { NotificationChannels } from "@/lib/notify/channels";

export const SLACK_TOKEN = "xoxb-frontdesk-test";
export const SIGNING_SECRET = "test-signing-secret-0123456789abcdef";
export const PORTAL = "https://frontdesk.test";

export const NOTIFY_CATALOG = `
admins: [admins]
accounts:
  - { id: "123456789012", name: Sandbox }
roles:
  - { id: dev, name: Developer, account: "123456789012", arn: "arn:aws:iam::123456789012:role/FrontdeskDeveloper", maxDuration: 4h }
  - { id: ops, name: Operator, account: "123456789012", arn: "arn:aws:iam::123456789012:role/FrontdeskOperator", maxDuration: 4h }
rules:
  - id: dev-access
    roles: [dev]
    requesters: [engineering]
    approvers: [security]
    denyComment: optional
    pendingTimeout: 1h
    notify:
      slack: { channels: ["#aws-approvals"], dmApprovers: true }
  - id: ops-access
    roles: [ops]
    requesters: [engineering, security]
    approvers: [security]
    denyComment: optional
    notify:
      slack: { channels: ["#ops"], interactive: true }
      email: { approvers: true, to: [sec-list@example.com] }
`;

export interface Testbed {
  h: Harness;
  deps: Deps & { random: () => number };
  slack: SlackStandIn;
  smtp: SmtpSink;
  alice: Actor;
  bob: Actor;
  carol: Actor;
  /** A new engineer with a Slack account (one person may hold one request per role at a time). */
  requester(key: string): Promise<Actor & { slackId: string }>;
  ask(actor: Actor, roleId?: string, extra?: Record<string, unknown>): ReturnType<typeof createRequest>;
  /** Runs due jobs until none is left, like the job loop; `runners` > 1 plays several instances. */
  drain(runners?: number): Promise<number>;
  advance(seconds: number): void;
  close(): Promise<void>;
}

export async function createTestbed(): Promise<Testbed> {
  const slack = await startSlackStandIn({
    port: 0,
    token: SLACK_TOKEN,
    users: { "alice@example.com": "U0ALICE0001", "bob@example.com": "U0BOB000001", "carol@example.com": "U0CAROL0001" },
  });
  const smtp = await startSmtpSink({ port: 0 });
  const notifications: NotificationChannels = {
    portalUrl: PORTAL,
    slack: createSlackApi({ token: SLACK_TOKEN, apiUrl: slack.apiUrl }),
    slackSigningSecret: SIGNING_SECRET,
    mailer: createSmtpMailer({ url: smtp.url, from: "Frontdesk <frontdesk@example.com>" }),
    reminderLeadSeconds: 15 * 60,
  };
  const h = await createHarness({ withMoto: false, notifications });
  const deps = { ...h, catalog: parseCatalog(NOTIFY_CATALOG, "notify-catalog.yaml"), random: () => 0 };
  const alice = await h.person("alice", ["engineering"]);
  const bob = await h.person("bob", ["security"]);
  const carol = await h.person("carol", ["security"]);

  const runOnce = async () => {
    let total = 0;
    for (let round = 0; round < 200; round++) {
      const { claimed } = await runDueJobs(deps, jobHandlers(deps), { limit: 5 });
      if (claimed === 0) return total;
      total += claimed;
    }
    throw new Error("the outbox did not drain in 200 rounds");
  };
  return {
    h,
    deps,
    slack,
    smtp,
    alice,
    bob,
    carol,
    async requester(key) {
      const slackId = `U${key
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, "")
        .padEnd(10, "0")}`;
      slack.addUser(`${key}@example.com`, slackId);
      return { ...(await h.person(key, ["engineering"])), slackId };
    },
    ask: (actor, roleId = "dev", extra = {}) =>
      createRequest(deps, { actor, input: { roleId, justification: "Debug deploys for INC-42", durationMinutes: 60, ticket: "INC-42", ...extra } }),
    drain: async (runners = 1) => (await Promise.all(Array.from({ length: runners }, runOnce))).reduce((a, b) => a + b, 0),
    advance: (seconds) => {
      h.clock.now = new Date(h.clock.now.getTime() + seconds * 1000);
    },
    async close() {
      await h.close();
      await slack.stop();
      await smtp.stop();
    },
  };
}
