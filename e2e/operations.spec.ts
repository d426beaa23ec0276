// Operations against the production build, started the way the image starts it (scripts/start.sh):
// liveness, readiness, the metrics endpoint, JSON request logs, and SIGTERM in the middle of a
// burst of requests and jobs: no request is cut off half-done, and every job runs exactly once,
// the rest by a second instance. Runs its own instances on its own database.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, get, type Server } from "node:http";
import { expect, test } from "@playwright/test";
import pg from "pg";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { createTestDatabase, type TestDatabase } from "../lib/testing/test-database";
import { waitUntil } from "../scripts/dev/net";
import { E2E_APP_PORT } from "./ports";

const PORTS = [E2E_APP_PORT + 20, E2E_APP_PORT + 21];
const WEBHOOK_PORT = E2E_APP_PORT + 22;
const METRICS_TOKEN = randomBytes(24).toString("hex");
const JOBS = 40;

interface Instance {
  child: ChildProcess;
  url: string;
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let database: TestDatabase;
let webhook: Server;
let posts = 0;
let firstPost: () => void = () => {};
const firstPostSeen = new Promise<void>((resolve) => (firstPost = resolve));
// The webhook holds its answers until SIGTERM has been sent: the jobs that are running then are
// still running when the signal arrives, and the rest have not been claimed.
let openGate: () => void = () => {};
const signalSent = new Promise<void>((resolve) => (openGate = resolve));

test.beforeAll(async () => {
  database = await createTestDatabase();
  // The anchor webhook counts deliveries and answers slowly, so jobs are running when SIGTERM comes.
  webhook = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      posts++;
      firstPost();
      void signalSent.then(() => setTimeout(() => res.end("ok"), 300));
    });
  });
  await new Promise<void>((resolve) => webhook.listen(WEBHOOK_PORT, "127.0.0.1", resolve));
});
test.afterAll(async () => {
  await new Promise((resolve) => webhook?.close(resolve));
  await database?.drop();
});

function startInstance(port: number): Instance {
  const child = spawn("sh", ["scripts/start.sh", "-H", "127.0.0.1", "-p", String(port)], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      // A production instance behind one reverse proxy: at 0 Frontdesk rightly warns at boot.
      TRUSTED_PROXY_HOPS: "1",
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
      DATABASE_URL: database.url,
      FRONTDESK_CATALOG: "frontdesk.config.yaml",
      OIDC_ISSUER: "http://127.0.0.1:9/unused",
      OIDC_CLIENT_ID: "frontdesk-ops",
      OIDC_CLIENT_SECRET: "unused-in-this-spec",
      AWS_ENDPOINT_URL_STS: "http://127.0.0.1:9",
      AWS_ENDPOINT_URL_IAM: "http://127.0.0.1:9",
      AUDIT_ANCHOR_WEBHOOK_URL: `http://127.0.0.1:${WEBHOOK_PORT}/anchor`,
      METRICS_TOKEN,
      SHUTDOWN_TIMEOUT_SECONDS: "20",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => output.push(...chunk.toString("utf8").split("\n").filter(Boolean));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, url: `http://127.0.0.1:${port}`, output, exited };
}

async function waitReady(instance: Instance): Promise<void> {
  await waitUntil(`${instance.url}/api/ready`, async () => (await fetch(`${instance.url}/api/ready`).catch(() => null))?.status === 200, {
    timeoutMs: 60_000,
    failed: () => (instance.child.exitCode !== null ? instance.output.slice(-20).join("\n") : undefined),
  });
}

// "not started": the connection was refused or reset before any answer. The server's own count
// of requests it began (one log line each) tells whether any of those had in fact started.
type Outcome = "complete" | "refused" | "not started" | "half-done";

/** One page request on its own connection: answered in full, never started, or cut off. */
function probe(url: string): Promise<Outcome> {
  return new Promise((resolve) => {
    let gotHeaders = false;
    const request = get(url, { agent: false }, (response) => {
      gotHeaders = true;
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        try {
          resolve(response.complete && response.statusCode === 200 && body.includes("</html>") ? "complete" : "half-done");
        } catch {
          resolve("half-done");
        }
      });
      response.on("error", () => resolve("half-done"));
      response.on("aborted", () => resolve("half-done"));
    });
    // Refused: nothing was accepted, so nothing was started.
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (gotHeaders) resolve("half-done");
      else resolve(error.code === "ECONNREFUSED" ? "refused" : "not started");
    });
  });
}

test("liveness, readiness, metrics and JSON request logs", async () => {
  const instance = startInstance(PORTS[0]!);
  try {
    await waitReady(instance);
    const health = await fetch(`${instance.url}/api/health`);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await (await fetch(`${instance.url}/api/ready`, { headers: { "X-Request-Id": "ops-spec-0001" } })).json();
    expect(ready).toMatchObject({ status: "ready", database: { ok: true }, migrations: { ok: true }, catalog: { ok: true }, jobLoop: { ok: true } });

    expect((await fetch(`${instance.url}/api/metrics`)).status).toBe(401);
    expect((await fetch(`${instance.url}/api/metrics`, { headers: { Authorization: "Bearer wrong-token-wrong-token" } })).status).toBe(401);
    const scrape = await fetch(`${instance.url}/api/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scrape.status).toBe(200);
    const families = parsePrometheusTextFormat(await scrape.text());
    expect(families.map((f) => f.name)).toEqual(
      expect.arrayContaining(["frontdesk_requests", "frontdesk_jobs", "frontdesk_http_request_duration_seconds", "frontdesk_audit_chain_head_seq"]),
    );

    const page = await fetch(`${instance.url}/signin`, { headers: { "X-Request-Id": "ops-spec-0002" } });
    expect(page.headers.get("x-request-id")).toBe("ops-spec-0002");
    await waitUntil("the request's log line", async () => instance.output.some((line) => line.includes('"reqId":"ops-spec-0002"')), { timeoutMs: 10_000 });
    const line = JSON.parse(instance.output.find((l) => l.includes('"reqId":"ops-spec-0002"'))!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: "info", msg: "request", route: "/signin", status: 200, method: "GET" });
    expect(typeof line.time).toBe("string");
    // On the supported runtime nothing warns about it (the AWS SDK does on Node.js older than 22,
    // once the job loop has created its clients).
    await waitUntil("a job loop tick", async () => (await (await fetch(`${instance.url}/api/ready`)).json()).jobLoop?.detail === "ticking", {
      timeoutMs: 10_000,
    });
    expect(instance.output.filter((l) => /warning/i.test(l))).toEqual([]);
  } finally {
    instance.child.kill("SIGKILL");
    await instance.exited;
  }
});

test("SIGTERM during a burst: no request half-done, no job lost or done twice", async () => {
  test.setTimeout(180_000);
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  try {
    const first = startInstance(PORTS[0]!);
    await waitReady(first);
    // A burst of outbox jobs (audit anchors posted to the counting webhook), all due now.
    await db.query(`DELETE FROM "Job" WHERE kind = 'audit.anchor'`);
    for (let n = 0; n < JOBS; n++) {
      await db.query(`INSERT INTO "Job" (id, kind, key, payload, "runAt") VALUES ($1, 'audit.anchor', $2, '{}', now() - interval '1 second')`, [
        `burst-${n}`,
        `burst:${n}`,
      ]);
    }
    await firstPostSeen;
    // Steady load: 20 clients, each sending its next request as soon as the last one ends, until
    // the server stops answering; SIGTERM comes while requests are in flight.
    const outcomes: Outcome[] = [];
    let serverGone = false;
    let completedBeforeSignal: () => void = () => {};
    const enoughDone = new Promise<void>((resolve) => (completedBeforeSignal = resolve));
    const client = async (c: number) => {
      for (let n = 0; !serverGone; n++) {
        const outcome = await probe(`${first.url}/signin?c=${c}&n=${n}`);
        outcomes.push(outcome);
        if (outcomes.filter((o) => o === "complete").length >= 20) completedBeforeSignal();
        if (outcome === "refused") serverGone = true;
      }
    };
    const clients = Promise.all(Array.from({ length: 20 }, (_, c) => client(c)));
    await enoughDone;
    const started = Date.now();
    first.child.kill("SIGTERM");
    openGate();
    await clients;
    const exit = await first.exited;
    const stoppedAfterMs = Date.now() - started;

    const count = (o: Outcome) => outcomes.filter((x) => x === o).length;
    const served = first.output.filter((line) => line.includes('"msg":"request"') && line.includes('"route":"/signin"')).length;
    const stopped = JSON.parse(first.output.find((line) => line.includes('"msg":"stopped"')) ?? "{}") as Record<string, unknown>;
    console.log(
      `[ops] requests: ${count("complete")} complete, ${count("refused")} refused, ${count("not started")} reset before any answer, ` +
        `${count("half-done")} half-done; the server finished ${served}; stopped in ${stoppedAfterMs} ms: ${JSON.stringify(stopped)}`,
    );
    expect(count("half-done")).toBe(0);
    expect(count("complete")).toBeGreaterThanOrEqual(20);
    // Every request the server began, it answered in full, and every full answer reached its client.
    expect(served).toBe(count("complete"));
    expect(stopped).toMatchObject({ drained: true, requestsUnfinished: 0, jobsUnfinished: 0 });
    expect(exit).toEqual({ code: 0, signal: null });
    expect(stoppedAfterMs).toBeLessThan(25_000);
    const { rows: afterFirst } = await db.query<{ status: string; n: string }>(
      `SELECT status, count(*) AS n FROM "Job" WHERE key LIKE 'burst:%' GROUP BY status`,
    );
    console.log(`[ops] after SIGTERM: ${JSON.stringify(afterFirst)}, webhook posts ${posts}`);
    // The jobs running at SIGTERM were finished, the others left unclaimed for another instance.
    const byStatus: Record<string, number> = { DONE: 0, PENDING: 0, ...Object.fromEntries(afterFirst.map((r) => [r.status, Number(r.n)])) };
    expect(byStatus.DONE).toBeGreaterThan(0);
    expect(byStatus.PENDING).toBeGreaterThan(0);
    expect(byStatus.DONE! + byStatus.PENDING!).toBe(JOBS);
    expect(posts).toBe(byStatus.DONE);
    // Nothing is left leased by the stopped instance.
    const { rows: leased } = await db.query(`SELECT id FROM "Job" WHERE key LIKE 'burst:%' AND status = 'PENDING' AND "lockedUntil" > now()`);
    expect(leased).toEqual([]);

    // A second instance takes the rest.
    const second = startInstance(PORTS[1]!);
    try {
      await waitReady(second);
      await waitUntil(
        "every burst job done",
        async () => {
          const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM "Job" WHERE key LIKE 'burst:%' AND status = 'DONE'`);
          return Number(rows[0]?.n) === JOBS;
        },
        { timeoutMs: 60_000 },
      );
      const { rows } = await db.query<{ attempts: number }>(`SELECT attempts FROM "Job" WHERE key LIKE 'burst:%'`);
      expect(rows.every((r) => r.attempts === 1)).toBe(true);
      // Each job posted once: none lost, none twice.
      expect(posts).toBe(JOBS);
    } finally {
      second.child.kill("SIGTERM");
      await second.exited;
    }
  } finally {
    await db.end();
  }
});
