// `npm run demo` on a machine without moto: with no moto_server on PATH the demo starts its
// built-in AWS stand-in, says so, and the whole journey works through it (sign-in, approval, the
// console link and credentials minted by the stand-in's STS). Reuses the e2e build (--skip-build).
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { waitUntil } from "../scripts/dev/net";
import { requestRole, signedInPage } from "./helpers";
import { E2E_APP_PORT } from "./ports";

const BASE = E2E_APP_PORT + 30;
const APP_URL = `http://localhost:${BASE}`;
let demo: ChildProcess;
let dataDir: string;
const output: string[] = [];

/** PATH without any folder that holds a moto_server. */
function pathWithoutMoto(): string {
  return (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((dir) => {
      try {
        accessSync(path.join(dir, "moto_server"), constants.X_OK);
        return false;
      } catch {
        return true;
      }
    })
    .join(path.delimiter);
}

test.use({ baseURL: APP_URL });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dataDir = await mkdtemp(path.join(tmpdir(), "frontdesk-demo-"));
  const ports = [
    "--app-port",
    BASE,
    "--idp-port",
    BASE + 1,
    "--moto-port",
    BASE + 2,
    "--federation-port",
    BASE + 3,
    "--saml-idp-port",
    BASE + 4,
    "--slack-port",
    BASE + 5,
    "--smtp-port",
    BASE + 6,
  ];
  demo = spawn("node_modules/.bin/tsx", ["scripts/demo.ts", "--skip-build", "--data-dir", dataDir, ...ports.map(String)], {
    env: { ...process.env, PATH: pathWithoutMoto() },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (chunk: Buffer) => output.push(chunk.toString("utf8"));
  demo.stdout?.on("data", keep);
  demo.stderr?.on("data", keep);
  await waitUntil("the demo to be ready", async () => output.join("").includes("Frontdesk demo is ready"), {
    timeoutMs: 150_000,
    failed: () => (demo.exitCode !== null ? output.join("").slice(-3000) : undefined),
  });
});

test.afterAll(async () => {
  if (demo?.pid && demo.exitCode === null) {
    const exited = new Promise((resolve) => demo.once("exit", resolve));
    process.kill(-demo.pid, "SIGTERM");
    await exited;
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test("the demo runs without moto_server, on the built-in AWS stand-in", async ({ browser }) => {
  expect(pathWithoutMoto().length).toBeGreaterThan(0);
  expect(output.join("")).toContain("built-in AWS stand-in (STS, IAM; moto_server is not on PATH)");

  const alice = await signedInPage(browser, "alice");
  await expect(alice.getByRole("heading", { name: "My access" })).toBeVisible();
  const requestId = await requestRole(alice, "Developer · Sandbox (123456789012)", "Try the demo without moto");
  const bob = await signedInPage(browser, "bob", `/requests/${requestId}`);
  await bob.getByRole("button", { name: "Approve" }).click();
  await expect(bob.getByText("Active", { exact: true })).toBeVisible();

  await alice.reload();
  await expect(alice.getByRole("heading", { name: "Your access is active" })).toBeVisible();
  // The console stand-in checks the minted session against the AWS stand-in's STS.
  const popup = alice.waitForEvent("popup");
  await alice.getByRole("button", { name: "Open AWS console" }).click();
  const consoleTab = await popup;
  await expect(consoleTab.getByText(`assumed-role/FrontdeskDeveloper/alice@example.com-${requestId.slice(-8)}`)).toBeVisible();

  await alice.getByRole("button", { name: "Get credentials" }).click();
  await expect(alice.getByTestId("credentials")).toContainText("export AWS_ACCESS_KEY_ID=ASIA");

  // The app's request log lines name the acting person by id (the demo shows the app's output).
  const lines = output
    .join("")
    .split("\n")
    .filter((l) => l.startsWith("{") && l.includes('"msg":"request"'));
  expect(lines.some((l) => /"actorId":"[a-z0-9]+"/.test(l) && l.includes('"route":"/requests/[id]"'))).toBe(true);
});
