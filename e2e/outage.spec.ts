// A database outage as people see it, on a production build with a PostgreSQL cluster of its own
// (never the shared server): while the cluster is stopped, every page says in plain words that
// Frontdesk is temporarily unavailable and what still works, with and without JavaScript, the
// health answer is 503; once the cluster is back, pages work again without a restart.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createTestDatabase, type TestDatabase } from "../lib/testing/test-database";
import { waitUntil } from "../scripts/dev/net";
import { startPgCluster, type PgCluster } from "../scripts/dev/pg-cluster";
import { spawnGroup, type ManagedProcess } from "../scripts/dev/process";
import { E2E_APP_PORT } from "./ports";

const PORT = E2E_APP_PORT + 8;
const APP = `http://127.0.0.1:${PORT}`;

let cluster: PgCluster;
let database: TestDatabase;
let app: ManagedProcess;

test.describe.configure({ mode: "serial", timeout: 120_000 });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  cluster = await startPgCluster();
  database = await createTestDatabase(cluster.serverUrl);
  app = await spawnGroup("node_modules/.bin/next", ["start", "-H", "127.0.0.1", "-p", String(PORT)], {
    label: "Frontdesk (outage e2e)",
    output: "capture",
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXTAUTH_URL: APP,
      NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
      DATABASE_URL: database.url,
      FRONTDESK_CATALOG: "frontdesk.config.yaml",
      // Nobody signs in here: the sign-in settings only have to be valid.
      OIDC_ISSUER: "http://127.0.0.1:9/issuer",
      OIDC_CLIENT_ID: "frontdesk-outage-e2e",
      OIDC_CLIENT_SECRET: randomBytes(12).toString("hex"),
      AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL_STS: "http://127.0.0.1:9",
      AWS_ENDPOINT_URL_IAM: "http://127.0.0.1:9",
      AWS_ACCESS_KEY_ID: "outage-e2e",
      AWS_SECRET_ACCESS_KEY: "outage-e2e-secret",
    },
  });
  const healthy = async () => (await fetch(`${APP}/api/health`).catch(() => null))?.ok ?? false;
  await waitUntil("Frontdesk (outage e2e) to report healthy", healthy, {
    timeoutMs: 90_000,
    failed: () => (app.hasExited() ? `next start exited:\n${app.outputTail()}` : undefined),
  });
});

test.afterAll(async () => {
  await app?.stop();
  await cluster?.start().catch(() => {});
  await database?.drop().catch(() => {});
  await cluster?.destroy();
});

const UNAVAILABLE = "Frontdesk is temporarily unavailable";

test("during a database outage every page explains itself, with and without JavaScript, and recovers without a restart", async ({ page, browser }) => {
  await page.goto(`${APP}/signin`);
  await expect(page.getByRole("heading", { name: UNAVAILABLE })).toHaveCount(0);

  await cluster.stop("immediate");

  // The layout asks the database at most every couple of seconds, so the first page after the
  // stop may still come from the last good answer: each page is loaded until it has noticed.
  for (const path of ["/", "/requests", "/approvals", "/signin"]) {
    await expect(async () => {
      await page.goto(`${APP}${path}`);
      await expect(page.getByRole("heading", { name: UNAVAILABLE })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    await expect(page.getByText("This is usually temporary")).toBeVisible();
    await expect(page.getByText(/console sessions and credentials you already have keep working in AWS/)).toBeVisible();
    await expect(page.getByText("This page couldn")).toHaveCount(0);
  }

  const noScript = await browser.newContext({ javaScriptEnabled: false });
  try {
    const plain = await noScript.newPage();
    await plain.goto(`${APP}/requests`);
    await expect(plain.getByRole("heading", { name: UNAVAILABLE })).toBeVisible();
    await expect(plain.getByRole("link", { name: "Try again" })).toBeVisible();
  } finally {
    await noScript.close();
  }

  // The process is alive (liveness), but not ready: the database is named as the part missing.
  expect((await fetch(`${APP}/api/health`)).status).toBe(200);
  const ready = await fetch(`${APP}/api/ready`);
  expect(ready.status).toBe(503);
  expect(((await ready.json()) as { database: { ok: boolean } }).database.ok).toBe(false);

  await cluster.start();
  await expect(async () => {
    await page.goto(`${APP}/signin`);
    await expect(page.getByRole("heading", { name: UNAVAILABLE })).toHaveCount(0, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(async () => expect((await fetch(`${APP}/api/ready`)).status).toBe(200)).toPass({ timeout: 30_000 });
});
