// The frontdesk CLI end to end, as a separate process against the API (the same dispatcher as the
// route files) on PostgreSQL and moto: device sign-in, configure, request --wait approved by another
// person, credential_process through the AWS SDK for JavaScript (cache, then revoke), and a revoked
// device token.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromIni } from "@aws-sdk/credential-provider-ini";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { revokeToken } from "@/lib/api/api-tokens";
import { confirmDevice } from "@/lib/api/device-flow";
import { confirmLoopback } from "@/lib/api/loopback-flow";
import type { Deps } from "@/lib/context";
import type { Actor } from "@/lib/policy/access";
import { createRequest } from "@/lib/requests/create-request";
import { decideRequest } from "@/lib/requests/decide-request";
import { revokeRequest } from "@/lib/requests/revoke-request";
import { startApiServer, type ApiServer } from "@/lib/testing/api-kit";
import { createHarness, type Harness } from "@/lib/testing/harness";

const BIN = path.resolve(__dirname, "bin/frontdesk.mjs");

let h: Harness;
let deps: Deps;
let server: ApiServer;
let alice: Actor;
let bob: Actor;
let home: string;
let configDir: string;
let awsConfig: string;
/** Bob's terminal, signed in with the loopback variant, for deciding from the CLI. */
let bobDir: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], onStderr?: (text: string) => void): Promise<Run> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, FRONTDESK_CONFIG_DIR: configDir, HOME: home } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    onStderr?.(stderr);
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

/** The AWS CLI where it is installed, with only the profile to go on (no keys in its environment). */
const AWS_CLI = spawnSync("aws", ["--version"]).status === 0;
function awsCli(args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_CONFIG_FILE: awsConfig, AWS_SHARED_CREDENTIALS_FILE: path.join(home, "aws-credentials-none") };
  delete env.AWS_ACCESS_KEY_ID;
  delete env.AWS_SECRET_ACCESS_KEY;
  const child = spawn("aws", [...args, "--profile", "dev", "--endpoint-url", h.motoUrl, "--region", "us-east-1"], { env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

function callerIdentity() {
  // A new client each time: the SDK's own in-process cache must not hide the CLI's behaviour. The
  // profile's provider is named so a refusal surfaces as is (the default chain would hide it).
  const sts = new STSClient({ region: "us-east-1", endpoint: h.motoUrl, credentials: fromIni({ profile: "dev", ignoreCache: true }) });
  return sts.send(new GetCallerIdentityCommand({}));
}

beforeAll(async () => {
  h = await createHarness({ withFederation: true });
  h.clock.now = new Date();
  // The server runs on the real clock: the CLI's polling and caches do too.
  deps = { ...h, now: () => new Date() };
  server = await startApiServer(deps);
  alice = await h.person("alice", ["engineering"]);
  bob = await h.person("bob", ["security"]);
  home = mkdtempSync(path.join(tmpdir(), "frontdesk-cli-"));
  configDir = path.join(home, "frontdesk");
  bobDir = path.join(home, "frontdesk-bob");
  awsConfig = path.join(home, "aws-config");
  writeFileSync(awsConfig, "[default]\nregion = eu-west-1\n\n[profile other]\nregion = us-west-2\n");
  process.env.AWS_CONFIG_FILE = awsConfig;
  process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(home, "aws-credentials-none");
});

afterAll(async () => {
  delete process.env.AWS_CONFIG_FILE;
  delete process.env.AWS_SHARED_CREDENTIALS_FILE;
  await server?.stop();
  await h?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe("frontdesk CLI", () => {
  it("login: the device code is confirmed by the signed-in person and the CLI receives its token", async () => {
    let confirming: Promise<unknown> | null = null;
    const run = await start(["login", "--server", server.url, "--name", "alice laptop"], (stderr) => {
      const code = /confirm the code ([A-Z]{4}-[A-Z]{4})/.exec(stderr)?.[1];
      if (code && !confirming) confirming = confirmDevice(deps, { actor: alice, userCode: code, approve: true });
    });
    expect(run.stderr).toContain("Signed in as alice@example.com");
    expect(run.code).toBe(0);
    expect(statSync(path.join(configDir, "session.json")).mode & 0o777).toBe(0o600);
    const whoami = await start(["whoami"]);
    expect(whoami.stdout).toContain("alice <alice@example.com>");
  });

  it("configure writes one credential_process profile per role, keeping other profiles", async () => {
    const run = await start(["configure", "--aws-config", awsConfig, "--region", "us-east-1"]);
    expect(run.code).toBe(0);
    const text = readFileSync(awsConfig, "utf8");
    expect(text).toContain("[profile other]\nregion = us-west-2");
    expect(text).toContain("[default]\nregion = eu-west-1");
    expect(text).toMatch(/\[profile dev\]\n# managed by frontdesk.*\ncredential_process = .*frontdesk\.mjs --config-dir .* creds dev --credential-process/);
    expect(text).toContain("[profile scoped]");
    expect(text).not.toContain("[profile admin]");
    // Run again: the managed profiles are replaced, not repeated.
    await start(["configure", "--aws-config", awsConfig, "--region", "us-east-1"]);
    expect(readFileSync(awsConfig, "utf8").match(/\[profile dev\]/g)).toHaveLength(1);
  });

  it("without a grant, credential_process fails with Frontdesk's words", async () => {
    await expect(callerIdentity()).rejects.toThrow(/no access to dev right now/);
  });

  it("request --wait returns when another person approves", async () => {
    const waiting = start(["request", "dev", "--for", "1h", "--reason", "Fix the deploy", "--wait"]);
    const pending = await vi.waitFor(
      async () => {
        const row = await h.db.accessRequest.findFirst({ where: { requesterId: alice.id, roleId: "dev", status: "PENDING" } });
        if (!row) throw new Error("not yet");
        return row;
      },
      { timeout: 15_000, interval: 100 },
    );
    await decideRequest(deps, { actor: bob, requestId: pending.id, decision: "APPROVE" });
    const run = await waiting;
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`${pending.id}\\s+ACTIVE\\s+dev`));
  });

  it("credential_process through the AWS SDK: the assumed role, then the cache, then refused after revoke", async () => {
    const first = await callerIdentity();
    expect(first.Arn).toMatch(/^arn:aws:sts::123456789012:assumed-role\/FrontdeskDeveloper\/.+/);
    const issuances = await h.db.issuance.count();
    expect(issuances).toBe(1);
    const sessionName = first.Arn?.split("/").pop();
    expect((await h.db.issuance.findFirstOrThrow()).sessionName).toBe(sessionName);
    const cache = path.join(configDir, "cache", "dev.json");
    expect(statSync(cache).mode & 0o777).toBe(0o600);

    const second = await callerIdentity();
    expect(second.Arn).toBe(first.Arn);
    expect(await h.db.issuance.count()).toBe(1);

    if (AWS_CLI) {
      const ls = await awsCli(["s3", "ls"]);
      expect(ls.stderr).toBe("");
      expect(ls.code).toBe(0);
      const sts = await awsCli(["sts", "get-caller-identity", "--output", "json"]);
      expect(JSON.parse(sts.stdout).Arn).toBe(first.Arn);
      expect(await h.db.issuance.count()).toBe(1);
    }

    const grant = await h.db.accessRequest.findFirstOrThrow({ where: { requesterId: alice.id, status: "ACTIVE" } });
    await revokeRequest(deps, { actor: bob, requestId: grant.id, reason: "Laptop reported lost" });
    await expect(callerIdentity()).rejects.toThrow(/access to Developer \(dev\) was revoked: Laptop reported lost/);
    if (AWS_CLI) {
      const refused = await awsCli(["s3", "ls"]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain("Your last request for dev is revoked");
    }
  }, 120_000);

  it("creds and exec put the credentials where asked, never in the arguments", async () => {
    await h.retire(alice);
    const request = await start(["request", "scoped", "--for", "1h", "--reason", "Read buckets"]);
    expect(request.code).toBe(0);
    const row = await h.db.accessRequest.findFirstOrThrow({ where: { requesterId: alice.id, roleId: "scoped", status: "PENDING" } });
    const approve = await decideRequest(deps, { actor: bob, requestId: row.id, decision: "APPROVE" });
    expect(approve.request.status).toBe("ACTIVE");
    const env = await start(["creds", "scoped", "--format", "env"]);
    expect(env.stdout).toMatch(/^export AWS_ACCESS_KEY_ID=\S+\nexport AWS_SECRET_ACCESS_KEY=\S+\nexport AWS_SESSION_TOKEN=\S+\n$/);
    const exec = await start(["exec", "scoped", "--", process.execPath, "-e", "process.stdout.write(String(!!process.env.AWS_SESSION_TOKEN))"]);
    expect(exec.stdout).toBe("true");
    const status = await start(["status"]);
    expect(status.stdout).toContain(`${row.id}  ACTIVE`);
  });

  it("login --browser: the browser comes back to the CLI's loopback listener with the code and state; a wrong state signs nothing in", async () => {
    const shownUrl = (stderr: string) => /open (\S+\/device\?\S+)/.exec(stderr)?.[1];
    let spoofed: Promise<Response> | null = null;
    const refused = await start(["--config-dir", bobDir, "login", "--browser", "--print", "--server", server.url, "--name", "bob desktop"], (stderr) => {
      const shown = shownUrl(stderr);
      if (shown && !spoofed) spoofed = fetch(`${new URL(shown).searchParams.get("redirect_uri")}?code=x&state=${"a".repeat(32)}`);
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("different state; nothing was signed in");
    expect((await spoofed!).status).toBe(400);

    let returned: Promise<Response> | null = null;
    const run = await start(["--config-dir", bobDir, "login", "--browser", "--print", "--server", server.url, "--name", "bob desktop"], (stderr) => {
      const shown = shownUrl(stderr);
      if (!shown || returned) return;
      const page = new URL(shown);
      const redirectUri = page.searchParams.get("redirect_uri") ?? "";
      expect(redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
      returned = confirmLoopback(deps, {
        actor: bob,
        userCode: page.searchParams.get("code") ?? "",
        redirectUri,
        state: page.searchParams.get("state") ?? "",
      }).then(({ redirect }) => fetch(redirect));
    });
    expect(run.stderr).toContain("Signed in as bob@example.com");
    expect(run.code).toBe(0);
    expect(await (await returned!).text()).toContain("Signed in. You can close this tab");
    expect((await start(["--config-dir", bobDir, "whoami"])).stdout).toContain("bob <bob@example.com>");
  });

  it("roles lists what the person may request, and a search narrows it", async () => {
    const all = await start(["roles"]);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^dev\s+Developer \(Sandbox 123456789012\), up to 4h$/m);
    expect(all.stdout).toMatch(/^scoped\s+Scoped /m);
    expect(all.stdout).not.toMatch(/^admin\s/m);
    const some = await start(["roles", "scop"]);
    expect(some.stdout.trim().split("\n")).toEqual([expect.stringMatching(/^scoped\s+Scoped /)]);
  });

  it("deny with --comment from the approver's terminal", async () => {
    const asked = await start(["request", "dev", "--for", "1h", "--reason", "Look at the logs"]);
    expect(asked.code).toBe(0);
    const row = await h.db.accessRequest.findFirstOrThrow({ where: { requesterId: alice.id, roleId: "dev", status: "PENDING" } });
    const selfApprove = await start(["approve", row.id]);
    expect(selfApprove.code).toBe(1);
    const run = await start(["--config-dir", bobDir, "deny", row.id, "--comment", "Not during the freeze"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${row.id}  DENIED`);
    expect(await h.db.review.findFirstOrThrow({ where: { requestId: row.id } })).toMatchObject({
      reviewerId: bob.id,
      decision: "DENY",
      comment: "Not during the freeze",
    });
  });

  it("creds --credential-process --request asks for access and waits for the approval", async () => {
    const waiting = start(["creds", "dev", "--credential-process", "--request", "--for", "1h", "--reason", "Deploy hotfix"]);
    const pending = await vi.waitFor(
      async () => {
        const row = await h.db.accessRequest.findFirst({ where: { requesterId: alice.id, roleId: "dev", status: "PENDING" } });
        if (!row) throw new Error("not yet");
        return row;
      },
      { timeout: 15_000, interval: 100 },
    );
    await decideRequest(deps, { actor: bob, requestId: pending.id, decision: "APPROVE" });
    const run = await waiting;
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(output).toMatchObject({ Version: 1, AccessKeyId: expect.any(String), SecretAccessKey: expect.any(String), SessionToken: expect.any(String) });
    expect(Date.parse(output.Expiration)).toBeGreaterThan(Date.now());
    expect(run.stderr).toContain("Your last request for dev is denied.");
    expect(run.stderr).toMatch(new RegExp(`${pending.id}\\s+ACTIVE\\s+dev`));
  });

  it("creds --format json, powershell and credentials", async () => {
    const json = JSON.parse((await start(["creds", "dev", "--format", "json"])).stdout);
    expect(json).toMatchObject({
      RoleArn: "arn:aws:iam::123456789012:role/FrontdeskDeveloper",
      AccessKeyId: expect.any(String),
      Expiration: expect.any(String),
    });
    const ps = await start(["creds", "dev", "--format", "powershell"]);
    expect(ps.stdout).toMatch(/^\$Env:AWS_ACCESS_KEY_ID="\S+"\n\$Env:AWS_SECRET_ACCESS_KEY="\S+"\n\$Env:AWS_SESSION_TOKEN="\S+"\n$/);
    const ini = await start(["creds", "dev", "--format", "credentials"]);
    expect(ini.stdout).toMatch(/^\[\S+\]\naws_access_key_id = \S+\naws_secret_access_key = \S+\naws_session_token = \S+\n$/);
    expect(ini.stdout).toContain(`aws_access_key_id = ${json.AccessKeyId}`);
  });

  it("console --print gives a fresh link on the federation endpoint (the stand-in here)", async () => {
    const run = await start(["console", "dev", "--print"]);
    expect(run.code).toBe(0);
    const link = new URL(run.stdout.trim());
    expect(`${link.origin}${link.pathname}`).toBe(h.federation!.url);
    expect(link.searchParams.get("Action")).toBe("login");
    expect(link.searchParams.get("SigninToken")).toBeTruthy();
  });

  it("approve with --comment from the approver's terminal", async () => {
    const carol = await h.person("carol", ["engineering"]);
    const asked = await createRequest(deps, { actor: carol, input: { roleId: "dev", durationMinutes: 60, justification: "Rotate the keys" } });
    const run = await start(["--config-dir", bobDir, "approve", asked.id, "--comment", "Go ahead"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${asked.id}  ACTIVE`);
    expect(await h.db.review.findFirstOrThrow({ where: { requestId: asked.id } })).toMatchObject({
      reviewerId: bob.id,
      decision: "APPROVE",
      comment: "Go ahead",
    });
  });

  it("request with several roles: one request, one approval, a grant per role", async () => {
    await h.retire(alice);
    const run = await start(["request", "dev", "prod", "--for", "1h", "--reason", "Compare both accounts", "--ticket", "OPS-5"]);
    expect(run.code).toBe(0);
    const rows = await h.db.accessRequest.findMany({ where: { requesterId: alice.id, status: "PENDING" }, orderBy: { setIndex: "asc" } });
    expect(rows.map((r) => r.roleId)).toEqual(["dev", "prod"]);
    expect(new Set(rows.map((r) => r.setId)).size).toBe(1);
    // One request on screen: its id once, then each role's line.
    expect(run.stderr.match(/\bPENDING\b/g)?.length).toBe(3);
    expect(run.stderr).toMatch(new RegExp(`${rows[0]!.id}\\s+PENDING\\s+2 roles \\(0/2 approvals\\)`));
    expect(run.stderr).toMatch(/\n {2}dev\s+PENDING\s+Developer, Sandbox \(123456789012\)/);
    expect(run.stderr).toMatch(/\n {2}prod\s+PENDING\s+Production, Sandbox/);
  });

  it("a device signed out on the Devices page: the next command says to sign in again", async () => {
    const token = await h.db.apiToken.findFirstOrThrow({ where: { userId: alice.id, revokedAt: null } });
    await revokeToken(deps, { actor: alice, tokenId: token.id });
    const run = await start(["whoami"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Sign in again: run `frontdesk login`");
  });
});
