// `npm run demo`: the whole product on one machine, offline. Starts the development IdP, the AWS
// emulator (moto), the console federation stand-in and a production build of the app (`next build`,
// then `next start`: a dev server would reload whenever the embedded database writes to its files),
// waits until the app is healthy,
// prints who can sign in, and stops everything on Ctrl-C, SIGTERM or when any part dies.
import { randomBytes } from "node:crypto";
import { accessSync, constants, existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { loadCatalogFile } from "../lib/catalog/load-catalog";
import { createCatalogRoles } from "./dev/catalog-roles";
import { startFederationStandIn } from "./dev/federation";
import { slackUsersFor, startSlackStandIn } from "./dev/slack";
import { startSmtpSink } from "./dev/smtp";
import { DEV_IDP_SCOPES, demoUsers, startDevIdp } from "./dev/idp";
import { startDevSamlIdp } from "./dev/saml-idp";
import { startMoto } from "./dev/moto";
import { startAwsStandIn } from "./dev/aws-standin";
import { PortInUseError, assertPortFree, waitUntil } from "./dev/net";
import { describeExit, spawnGroup } from "./dev/process";
import { buildFingerprint } from "./dev/build-fingerprint";

let DATA_DIR = ".frontdesk";
const CATALOG = "frontdesk.config.yaml";
const CLIENT_ID = "frontdesk-demo";
const HEALTH_TIMEOUT_MS = 300_000;

interface Part {
  name: string;
  stop(): Promise<void>;
}
const running: Part[] = [];
let stopping: Promise<void> | undefined;

/** Stops what was started, newest first, then exits. Safe to call from anywhere, any number of times. */
function shutdown(code: number, reason?: string): Promise<void> {
  if (stopping) return stopping;
  if (reason) console.error(`\n${reason}`);
  stopping = (async () => {
    for (const part of [...running].reverse()) {
      await part.stop().catch((error: unknown) => console.error(`Stopping ${part.name} failed: ${(error as Error).message}`));
    }
    console.error("Stopped.");
    process.exit(code);
  })();
  return stopping;
}

function ports() {
  const { values } = parseArgs({
    options: {
      "app-port": { type: "string", default: "3000" },
      "idp-port": { type: "string", default: "4010" },
      "moto-port": { type: "string", default: "4020" },
      "federation-port": { type: "string", default: "4030" },
      "saml-idp-port": { type: "string", default: "4040" },
      // The Slack stand-in, and the mail sink (SMTP, then its viewer page: the next port unless given).
      "slack-port": { type: "string", default: "4050" },
      "smtp-port": { type: "string", default: "4060" },
      "mail-viewer-port": { type: "string" },
      "data-dir": { type: "string", default: ".frontdesk" },
      // Which AWS emulator: moto when moto_server is on PATH, else the built-in stand-in.
      aws: { type: "string", default: "auto" },
      "skip-build": { type: "boolean", default: false },
      rebuild: { type: "boolean", default: false },
    },
  });
  const port = (flag: keyof typeof values, label: string) => {
    const value = Number(values[flag]);
    if (!Number.isInteger(value) || value < 1 || value > 65_535) throw new Error(`--${flag} must be a port number`);
    return { value, flag, label };
  };
  const aws = values.aws;
  if (aws !== "auto" && aws !== "moto" && aws !== "stand-in") throw new Error("--aws must be auto, moto or stand-in");
  return {
    build: values.rebuild === true ? ("always" as const) : values["skip-build"] === true ? ("never" as const) : ("when-changed" as const),
    dataDir: values["data-dir"] ?? ".frontdesk",
    aws,
    app: port("app-port", "the app"),
    idp: port("idp-port", "dev IdP"),
    moto: port("moto-port", "moto"),
    federation: port("federation-port", "console federation stand-in"),
    samlIdp: port("saml-idp-port", "dev SAML IdP"),
    slack: port("slack-port", "Slack stand-in"),
    smtp: port("smtp-port", "mail sink"),
    smtpViewer: values["mail-viewer-port"]
      ? port("mail-viewer-port", "mail viewer")
      : { ...port("smtp-port", "mail viewer"), value: Number(values["smtp-port"]) + 1 },
  };
}

/** Persisted so that app sessions survive demo restarts; created once with owner-only access. */
async function nextAuthSecret(): Promise<string> {
  const file = join(DATA_DIR, "demo-secret");
  if (existsSync(file)) {
    const saved = (await readFile(file, "utf8")).trim();
    if (saved.length >= 32) return saved;
  }
  const secret = randomBytes(32).toString("base64url");
  await mkdir(DATA_DIR, { recursive: true });
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

async function answersHealthy(url: string): Promise<boolean> {
  try {
    // Manual redirects: a redirect to a sign-in page must not count as healthy.
    const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(30_000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Whether an executable of this name is on PATH. */
function onPath(command: string): boolean {
  return (process.env.PATH ?? "").split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function banner(appUrl: string, idp: string, aws: string, federation: string): string {
  const width = Math.max(...demoUsers.map((u) => u.groups.join(", ").length));
  const users = demoUsers.map((u) => `    ${u.username.padEnd(6)} ${u.name.padEnd(14)} ${u.groups.join(", ").padEnd(width)}  ${u.summary}`);
  return [
    "",
    `  Frontdesk demo is ready: ${appUrl}`,
    "  (open it as localhost, not 127.0.0.1: sign-in is bound to that address)",
    "",
    '  Sign in as one of these (password "demo" for all):',
    ...users,
    "",
    `  Also running: dev IdP ${idp} · ${aws} · console stand-in ${federation}`,
    "  Ctrl-C stops everything.",
    "",
  ].join("\n");
}

/**
 * A production build of the current sources, only when the last one is not theirs: a second start
 * of an unchanged checkout reuses it (--rebuild builds anyway, --skip-build reuses any build).
 */
async function buildApp(when: "always" | "never" | "when-changed"): Promise<void> {
  // NEXT_DIST_DIR: next.config.mjs builds there when set (side-by-side checkouts).
  const dist = process.env.NEXT_DIST_DIR || ".next";
  const built = existsSync(join(dist, "BUILD_ID"));
  const stamp = join(dist, "frontdesk-sources.sha256");
  if (when === "never" && built) {
    console.log("Using the existing build (--skip-build).");
    return;
  }
  const fingerprint = buildFingerprint(process.cwd());
  if (when === "when-changed" && built && (await readFile(stamp, "utf8").catch(() => "")) === fingerprint) {
    console.log(`The build in ${dist} is of these sources: not rebuilding (--rebuild forces a build).`);
    return;
  }
  const started = Date.now();
  console.log("Building Frontdesk (next build: about a minute on a fast machine, three to four on two shared cores) …");
  const build = await spawnGroup("node_modules/.bin/next", ["build"], {
    label: "next build",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    output: "inherit",
  });
  running.push({ name: "the build", stop: () => build.stop() });
  const exit = await build.exited;
  running.pop();
  if (exit.code !== 0) throw new Error(`next build ${describeExit(exit)}.`);
  // Taken again after the build: next build may add its types folder to tsconfig.json.
  await writeFile(stamp, buildFingerprint(process.cwd()));
  console.log(`Built in ${Math.round((Date.now() - started) / 1000)} s.`);
}

async function main(): Promise<void> {
  process.chdir(fileURLToPath(new URL("..", import.meta.url)));
  const startedAt = Date.now();
  const port = ports();

  const { build, dataDir, aws: awsChoice, ...appPorts } = port;
  DATA_DIR = dataDir;
  for (const { value, flag, label } of Object.values(appPorts)) {
    await assertPortFree(value, label).catch((error: unknown) => {
      if (!(error instanceof PortInUseError)) throw error;
      throw new Error(`Port ${value} (${label}) is already in use on 127.0.0.1. Stop whatever uses it, or pass --${flag} <port>.`);
    });
  }
  if (!existsSync(CATALOG)) throw new Error(`The access catalog ${CATALOG} is missing in ${process.cwd()}.`);
  await buildApp(build);

  const appUrl = `http://localhost:${port.app.value}`;
  const clientSecret = randomBytes(32).toString("base64url");
  const idp = await startDevIdp({
    port: port.idp.value,
    clients: [
      {
        clientId: CLIENT_ID,
        clientSecret,
        redirectUris: [`${appUrl}/api/auth/callback/oidc`],
      },
    ],
  });
  running.push({ name: "dev IdP", stop: idp.stop });

  // moto when it is installed (as the tests use); otherwise the built-in stand-in, so the demo needs only Node.
  const useMoto = awsChoice === "moto" || (awsChoice === "auto" && onPath("moto_server"));
  let moto: { url: string };
  let awsLabel: string;
  if (useMoto) {
    const started = await startMoto({ port: port.moto.value });
    running.push({ name: "moto", stop: started.stop });
    void started.exited.then((info) => shutdown(1, `moto ${describeExit(info)}; stopping everything.`));
    moto = started;
    awsLabel = `moto (STS, IAM) ${started.url}`;
  } else {
    const standIn = await startAwsStandIn({ port: port.moto.value });
    running.push({ name: "AWS stand-in", stop: standIn.stop });
    moto = standIn;
    awsLabel = `built-in AWS stand-in (STS, IAM; moto_server is not on PATH) ${standIn.url}`;
  }
  console.log(`AWS: ${awsLabel}`);
  // Revoking access puts a deny policy on the role, so the catalog's roles must exist in IAM.
  await createCatalogRoles(loadCatalogFile(CATALOG), moto.url);

  const federation = await startFederationStandIn({ port: port.federation.value, stsEndpoint: moto.url, region: "us-east-1" });
  running.push({ name: "console federation stand-in", stop: federation.stop });

  // The same demo users through SAML 2.0: the sign-in page offers both methods.
  const samlIdp = await startDevSamlIdp({
    port: port.samlIdp.value,
    serviceProviders: [{ entityId: `${appUrl}/api/auth/saml/metadata`, acsUrl: `${appUrl}/api/auth/saml/acs` }],
  });
  running.push({ name: "dev SAML IdP", stop: samlIdp.stop });

  // Notifications: a Slack stand-in and a mail sink, each with a page showing what was sent.
  const slackToken = `xoxb-demo-${randomBytes(12).toString("hex")}`;
  const slack = await startSlackStandIn({ port: port.slack.value, token: slackToken, users: slackUsersFor(demoUsers) });
  running.push({ name: "Slack stand-in", stop: slack.stop });
  const mail = await startSmtpSink({ port: port.smtp.value, viewerPort: port.smtpViewer.value });
  running.push({ name: "mail sink", stop: mail.stop });

  const env: NodeJS.ProcessEnv = { ...process.env };
  // Embedded PGlite, not whatever database the shell points at; dummy keys, not a real session.
  for (const name of ["DATABASE_URL", "NODE_ENV", "AWS_SESSION_TOKEN", "AWS_PROFILE"]) delete env[name];
  Object.assign(env, {
    NEXTAUTH_URL: appUrl,
    NEXTAUTH_SECRET: await nextAuthSecret(),
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: CLIENT_ID,
    OIDC_CLIENT_SECRET: clientSecret,
    OIDC_SCOPES: DEV_IDP_SCOPES.join(" "),
    OIDC_DISPLAY_NAME: "Demo IdP",
    OIDC_STEP_UP_ACR_VALUES: "urn:frontdesk:dev:mfa",
    SAML_IDP_CERT: samlIdp.certificatePem,
    SAML_IDP_SSO_URL: samlIdp.ssoUrl,
    SAML_IDP_ENTITY_ID: samlIdp.entityId,
    SAML_DISPLAY_NAME: "Demo SAML IdP",
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_STS: moto.url,
    AWS_ENDPOINT_URL_IAM: moto.url,
    AWS_ACCESS_KEY_ID: "AKIAMOTODEMO00000000",
    AWS_SECRET_ACCESS_KEY: "moto-demo-not-a-real-secret",
    AWS_FEDERATION_URL: federation.url,
    FRONTDESK_CATALOG: CATALOG,
    FRONTDESK_DATA_DIR: DATA_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
    SLACK_BOT_TOKEN: slackToken,
    SLACK_SIGNING_SECRET: randomBytes(16).toString("hex"),
    SLACK_API_URL: slack.apiUrl,
    SMTP_URL: mail.url,
    MAIL_FROM: "Frontdesk demo <frontdesk@example.com>",
  });

  // The same start command as production (graceful shutdown included).
  const app = await spawnGroup("sh", ["scripts/start.sh", "-H", "127.0.0.1", "-p", String(port.app.value)], {
    label: "next start",
    env,
    output: "inherit",
  });
  running.push({ name: "the app", stop: () => app.stop(10_000) });
  void app.exited.then((info) => shutdown(1, `The app (next start) ${describeExit(info)}; stopping everything.`));

  const health = `${appUrl}/api/health`;
  const appStartedAt = Date.now();
  console.log(`Waiting for ${health} …`);
  await waitUntil(`The app at ${health}`, () => answersHealthy(health), {
    timeoutMs: HEALTH_TIMEOUT_MS,
    intervalMs: 1_000,
    failed: () => (app.hasExited() ? "next start exited" : undefined),
  });
  // Where the time went, so a slow start can be told apart: the build, or the app's first start (which migrates the embedded database).
  console.log(`Ready in ${Math.round((Date.now() - startedAt) / 1000)} s (the app's start: ${Math.round((Date.now() - appStartedAt) / 1000)} s).`);
  console.log(banner(appUrl, idp.issuer, awsLabel, federation.url));
  console.log(`  Notifications: Slack stand-in ${slack.pageUrl} · mail ${mail.pageUrl}`);
  console.log(`  Sign in with SAML too: the dev SAML IdP (same users; metadata ${samlIdp.metadataUrl}).\n`);
}

// Ctrl-C reaches both tsx and this process, and tsx relays it again: repeats are expected, and
// every stop below is bounded, so further signals simply wait for the same shutdown.
process.on("SIGINT", () => void shutdown(130, "Stopping…"));
process.on("SIGTERM", () => void shutdown(143, "Stopping…"));
main().catch((error: unknown) => shutdown(1, (error as Error).message));
