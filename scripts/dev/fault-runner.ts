// One outbox runner process for the fault run (scripts/fault-run.ts): the app's job loop, both
// lanes, against the given database, Slack stand-in and SMTP sink, with a slow channel (each send
// waits first) so that a kill -9 finds it holding leases. Config is one JSON argument.
import { PrismaPg } from "@prisma/adapter-pg";
import { createAwsGateway } from "@/lib/aws/gateway";
import { ASSUME_ROLE_DURATION } from "@/lib/aws/limits";
import { createAwsDirectory } from "@/lib/aws/directory";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import type { Deps } from "@/lib/context";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { startJobLoop } from "@/lib/jobs/start-job-loop";
import { createSmtpMailer, type Mailer } from "@/lib/mail/mailer";
import { NOTIFY_CATALOG, PORTAL, SLACK_TOKEN } from "@/lib/testing/notify-kit";
import { createSlackApi, type SlackApi } from "@/lib/slack/client";

interface RunnerConfig {
  databaseUrl: string;
  slackApiUrl: string;
  smtpUrl: string;
  sendDelayMs: number;
}

const config = JSON.parse(process.argv[2] ?? "{}") as RunnerConfig;
const pause = () => new Promise((resolve) => setTimeout(resolve, config.sendDelayMs));
const realSlack = createSlackApi({ token: SLACK_TOKEN, apiUrl: config.slackApiUrl });
const slack: SlackApi = {
  ...realSlack,
  postMessage: async (channel, message) => (await pause(), realSlack.postMessage(channel, message)),
  update: async (channel, ts, message) => (await pause(), realSlack.update(channel, ts, message)),
};
const realMailer = createSmtpMailer({ url: config.smtpUrl, from: "Frontdesk <frontdesk@example.com>" });
const mailer: Mailer = { send: async (mail) => (await pause(), realMailer.send(mail)) };

const nowhere = "http://127.0.0.1:9";
const deps: Deps = {
  db: new PrismaClient({ adapter: new PrismaPg({ connectionString: config.databaseUrl, max: 8, connectionTimeoutMillis: 2_000 }) }),
  catalog: parseCatalog(NOTIFY_CATALOG, "fault-catalog.yaml"),
  now: () => new Date(),
  aws: createAwsGateway({ region: "us-east-1", stsEndpoint: nowhere, iamEndpoint: nowhere, issuer: PORTAL }),
  sessionCap: () => Promise.resolve(ASSUME_ROLE_DURATION.maxSeconds),
  awsDirectory: createAwsDirectory({ region: "us-east-1", stsEndpoint: nowhere, iamEndpoint: nowhere }),
  notifications: { portalUrl: PORTAL, slack, slackSigningSecret: null, mailer, reminderLeadSeconds: 15 * 60 },
};

startJobLoop(async () => deps);
// The loop's timers do not keep the process alive on their own.
setInterval(() => {}, 60_000);
console.log("READY");
