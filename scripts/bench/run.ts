// `npm run bench`: Frontdesk's production build against its own PostgreSQL database and moto,
// side by side with the ceiling (scripts/bench/ceiling-server.ts), interleaved A B A B so both
// see the same machine. Prints ratios as well as figures: on a shared machine only those travel.
// Sizes: BENCH_REQUESTS (100000), BENCH_EVENTS (1000000), BENCH_SECONDS per run (8), BENCH_ROUNDS (2).
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "@/lib/db/migrate";
import { PrismaPg } from "@prisma/adapter-pg";
import { startFederationStandIn } from "../dev/federation";
import { startMoto } from "../dev/moto";
import { spawnGroup, type ManagedProcess } from "../dev/process";
import { encodeSessionToken } from "../../e2e/session-tokens";
import { cpuPerOperation, readCpu, type CpuReading } from "./cpu";
import { runLoad, send, percentile, type Call, type LoadResult } from "./load";
import { RULE_ID, seed, tokenOf } from "./seed";
import { measureStatementCost } from "./statement-cost";
import { measureApprovalsQueue } from "./approvals-queue";
import { verifyChain } from "@/lib/audit/verify-chain";
import { createPostgresClient } from "@/lib/db/client";
import { measureVerifyFloor, verifyFloorRows } from "./verify-floor";

const env = process.env;
const BASE = Number(env.BENCH_PORT_BASE ?? 3710);
const [APP, CEILING, MOTO, FEDERATION, FLOOR] = [BASE, BASE + 1, BASE + 2, BASE + 3, BASE + 4];
const SECONDS = Number(env.BENCH_SECONDS ?? 8);
// BENCH_ONLY=statements,queue,… runs only those parts (create, approve, statements, queue, verify).
const only = new Set((env.BENCH_ONLY ?? "create,approve,statements,queue,verify").split(","));
const ROUNDS = Number(env.BENCH_ROUNDS ?? 2);
const SIZES = {
  requesters: 40_000,
  approvers: 60,
  requests: Number(env.BENCH_REQUESTS ?? 100_000),
  pending: 2_000,
  events: Number(env.BENCH_EVENTS ?? 1_000_000),
};
const SERVER = "postgresql://postgres@127.0.0.1:5432";
const DIST = env.NEXT_DIST_DIR ?? ".next";
const log = (line: string) => console.log(`[bench] ${line}`);
const SECRET = randomBytes(32).toString("hex");

/** A browser's session cookie for a seeded person, signed with the bench server's secret. */
async function sessionCookie(userId: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims = { uid: userId, sv: 0, iat: now, exp: now + 3600, signedInAt: now, authTime: now, mfa: true, method: "oidc", email: `${userId}@example.com` };
  return `next-auth.session-token=${await encodeSessionToken(claims, SECRET)}`;
}
const CATALOG = `admins: [admins]
accounts:
  - { id: "123456789012", name: Sandbox }
roles:
  - id: dev
    name: Developer
    account: "123456789012"
    arn: arn:aws:iam::123456789012:role/FrontdeskDeveloper
    maxDuration: 4h
    maxSessionDuration: 1h
rules:
  - id: ${RULE_ID}
    roles: [dev]
    requesters: [engineering]
    approvers: [security]
`;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

async function main(): Promise<void> {
  const name = `frontdesk_bench_${randomBytes(4).toString("hex")}`;
  const url = `${SERVER}/${name}`;
  const stops: (() => Promise<unknown>)[] = [() => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)];
  try {
    await admin(`CREATE DATABASE "${name}"`);
    await applyMigrations(new PrismaPg({ connectionString: url, max: 1 }));
    const seeding = performance.now();
    await seed(url, SIZES, log);
    log(`seeding took ${((performance.now() - seeding) / 1000).toFixed(0)} s`);
    const moto = await startMoto({ port: MOTO });
    stops.unshift(moto.stop);
    const federation = await startFederationStandIn({ port: FEDERATION, stsEndpoint: moto.url });
    stops.unshift(federation.stop);
    const catalogFile = path.join(os.tmpdir(), `${name}.yaml`);
    writeFileSync(catalogFile, CATALOG);

    const { app, coldStartMs } = await startApp(url, catalogFile, moto.url, federation.url);
    stops.unshift(() => app.stop());
    const ceiling = await spawnGroup("node_modules/.bin/tsx", ["scripts/bench/ceiling-server.ts", String(CEILING), url, "20"], {
      label: "ceiling",
      output: "capture",
    });
    stops.unshift(() => ceiling.stop());
    await waitFor(CEILING, "/");
    // The framework's floor: a bare Next.js app doing the ceiling's work (scripts/bench/next-floor).
    const floor = await startNextFloor(url);
    stops.unshift(() => floor.stop());
    const rss = startRssSampler(app.pid);
    const floorRss = startRssSampler(floor.pid);

    // Ratios: Frontdesk's share of the ceiling, and the bare Next.js app's share of it (the most any
    // Next.js server reaches on this machine for the same work).
    const rows: string[][] = [["what", "Frontdesk", "bare Next.js", "ceiling", "Frontdesk ÷ ceiling", "Next.js ÷ ceiling"]];
    let nextRequester = 2_000 + SIZES.pending + 1;
    let ceilingCalls = 0;
    const createCall = (target: "app" | "ceiling" | "floor"): Call | null => {
      // Frontdesk allows one open request per person and role, so each of its creates is a new person's.
      if (target === "app" && nextRequester > SIZES.requesters) return null;
      const id = target === "app" ? `req${nextRequester++}` : `req${1 + (ceilingCalls++ % 2000)}`;
      const justification = "Incident bridge: checking the load balancer logs";
      return target === "app"
        ? {
            method: "POST",
            path: "/api/v1/requests",
            headers: { authorization: `Bearer ${tokenOf(id)}` },
            body: JSON.stringify({ roles: ["dev"], justification, durationMinutes: 60 }),
          }
        : { method: "POST", path: "/requests", body: JSON.stringify({ requesterId: id, justification }) };
    };
    await runLoad(APP, 4, 2, () => createCall("app")); // warm-up: compile paths, fill pools
    await runLoad(CEILING, 4, 1, () => createCall("ceiling"));
    await runLoad(FLOOR, 4, 1, () => createCall("floor"));
    if (only.has("create")) {
      // One statement's round trip (each operation pays it once per statement it needs).
      const costs = await measureStatementCost(url);
      for (const prepared of [false, true]) {
        const runs = costs.filter((c) => c.prepared === prepared).map((c) => [c.clientUs, c.databaseUs]);
        const [client, database] = median(runs);
        rows.push([`one statement, ${prepared ? "prepared" : "unprepared"}: CPU µs, client + PostgreSQL`, `${client!.toFixed(0)} + ${database!.toFixed(0)}`]);
      }
      // The framework's own floor: an answer that touches no database (Frontdesk's /api/health, the
      // bare server's /health). What create costs above this is Frontdesk's work; below it, Next.js's.
      const [mine, next, theirs]: [number[][], number[][], number[][]] = [[], [], []];
      for (let round = 0; round < ROUNDS; round++) {
        const [a, aCpu] = await measured(app.pid, () => runLoad(APP, 10, SECONDS, () => ({ method: "GET", path: "/api/health" })));
        const [f, fCpu] = await measured(floor.pid, () => runLoad(FLOOR, 10, SECONDS, () => ({ method: "GET", path: "/health" })));
        const [b, bCpu] = await measured(ceiling.pid, () => runLoad(CEILING, 10, SECONDS, () => ({ method: "GET", path: "/health" })));
        mine.push([a.perSecond, aCpu.server]);
        next.push([f.perSecond, fCpu.server]);
        theirs.push([b.perSecond, bCpu.server]);
      }
      const [m, f, t] = [median(mine), median(next), median(theirs)];
      rows.push(["no database (health), 10 conn: req/s", m[0]!.toFixed(0), f[0]!.toFixed(0), t[0]!.toFixed(0), pct(m[0]! / t[0]!), pct(f[0]! / t[0]!)]);
      rows.push([
        "no database (health), 10 conn: server CPU ms per request",
        m[1]!.toFixed(2),
        f[1]!.toFixed(2),
        t[1]!.toFixed(2),
        pct(t[1]! / m[1]!),
        pct(t[1]! / f[1]!),
      ]);
    }
    for (const connections of only.has("create") ? [10, 50] : []) {
      const [mine, next, theirs]: [number[][], number[][], number[][]] = [[], [], []];
      const errors: Record<string, number> = {};
      for (let round = 0; round < ROUNDS; round++) {
        const [a, aCpu] = await measured(app.pid, () => runLoad(APP, connections, SECONDS, () => createCall("app")));
        const [f, fCpu] = await measured(floor.pid, () => runLoad(FLOOR, connections, SECONDS, () => createCall("floor")));
        const [b, bCpu] = await measured(ceiling.pid, () => runLoad(CEILING, connections, SECONDS, () => createCall("ceiling")));
        mine.push([a.perSecond, a.p50, a.p99, aCpu.server, aCpu.database]);
        next.push([f.perSecond, f.p50, f.p99, fCpu.server, fCpu.database]);
        theirs.push([b.perSecond, b.p50, b.p99, bCpu.server, bCpu.database]);
        for (const [status, n] of Object.entries(a.statuses)) if (status !== "201" && status !== "200") errors[status] = (errors[status] ?? 0) + n;
      }
      const [m, f, t] = [median(mine), median(next), median(theirs)];
      const all = [m, f, t];
      rows.push([`create, ${connections} conn: req/s`, ...all.map((x) => x[0]!.toFixed(0)), pct(m[0]! / t[0]!), pct(f[0]! / t[0]!)]);
      rows.push([`create, ${connections} conn: p50 / p99 ms`, ...all.map((x) => `${x[1]!.toFixed(1)} / ${x[2]!.toFixed(1)}`)]);
      const cpu = (x: number[]) => x[3]! + x[4]!;
      rows.push([
        `create, ${connections} conn: CPU ms per request, server + PostgreSQL`,
        ...all.map((x) => `${x[3]!.toFixed(2)} + ${x[4]!.toFixed(2)}`),
        pct(cpu(t) / cpu(m)),
        pct(cpu(t) / cpu(f)),
      ]);
      rows.push([`create, ${connections} conn: non-2xx`, JSON.stringify(errors)]);
    }

    for (const users of only.has("approve") ? [1, 10, 50] : []) {
      rows.push(...(await approveThenConsole(users)));
      rows.push(await pairsOnTheFloor(users));
    }
    if (only.has("statements")) rows.push(...(await statementsPerOperation()));

    if (only.has("queue")) {
      const queue = await measureApprovalsQueue(APP, await sessionCookie("apr1"), CEILING);
      rows.push([
        `approvals page over HTTP ${JSON.stringify(queue.status)}, p50 / p95 ms`,
        `${queue.mine[0].toFixed(1)} / ${queue.mine[1].toFixed(1)}`,
        "",
        `${queue.ceiling[0].toFixed(1)} / ${queue.ceiling[1].toFixed(1)}`,
      ]);
    }
    if (only.has("verify")) {
      // The first verification in this process (as the CLI runs one), then the floors under it and
      // a verification run again (as a long-running server runs one): scripts/bench/verify-floor.ts.
      const verifyDb = createPostgresClient(url, { DATABASE_POOL_MAX: 4 });
      const started = performance.now();
      const first = await verifyChain(verifyDb).finally(() => verifyDb.$disconnect());
      const rate = first.checked / ((performance.now() - started) / 1000);
      rows.push([`verify, first run in the process (${first.checked} events, ok=${first.ok})`, `${(rate / 1000).toFixed(0)}k events/s`]);
      const floors = await measureVerifyFloor(url, name);
      rows.push([`verify, run again (${floors.verify.rows} events, ok=${floors.verify.ok})`, `${(floors.verify.perSecond / 1000).toFixed(0)}k events/s`]);
      rows.push(...verifyFloorRows(floors));
    }
    rows.push(["first-load JS, /requests/new (gzip)", `${(firstLoadJs() / 1024).toFixed(0)} kB`]);
    rows.push(["cold start to first 200 /api/health", `${(coldStartMs / 1000).toFixed(2)} s`]);
    rows.push(["peak RSS under load", `${(rss.stop() / 1024 / 1024).toFixed(0)} MB`, `${(floorRss.stop() / 1024 / 1024).toFixed(0)} MB`]);
    printTable(rows);

    /** A load run with the CPU its server and the database's backends spent per answered request. */
    async function measured(processGroup: number, run: () => Promise<LoadResult>): Promise<[LoadResult, CpuReading]> {
      const before = readCpu(processGroup, name);
      const result = await run();
      return [result, cpuPerOperation(before, readCpu(processGroup, name), result.requests)];
    }

    async function approveThenConsole(users: number): Promise<string[][]> {
      // Each user approves a fresh request, then its requester opens the console.
      const pendingIds: { id: string; requester: string }[] = [];
      for (let i = 0; i < users * 6; i++) {
        const call = createCall("app");
        if (!call) break;
        const answer = await send(APP, call);
        const body = JSON.parse(answer.body) as { id?: string };
        pendingIds.push({ id: body.id ?? "", requester: call.headers!.authorization! });
      }
      const own: number[] = [];
      const aws: number[] = [];
      const statuses: Record<string, number> = {};
      const cpuBefore = readCpu(app.pid, name);
      await Promise.all(
        Array.from({ length: users }, async (_, u) => {
          const approver = `Bearer ${tokenOf(`apr${1 + u}`)}`;
          for (let k = u; k < pendingIds.length; k += users) {
            const { id, requester } = pendingIds[k]!;
            const approve = await send(APP, { method: "POST", path: `/api/v1/requests/${id}/approve`, headers: { authorization: approver }, body: "{}" });
            const link = await send(APP, { method: "POST", path: `/api/v1/requests/${id}/console`, headers: { authorization: requester }, body: "{}" });
            for (const s of [approve.status, link.status]) statuses[s] = (statuses[s] ?? 0) + 1;
            const awsMs = timing(link.headers["server-timing"], "aws") + timing(approve.headers["server-timing"], "aws");
            aws.push(awsMs);
            own.push(approve.ms + link.ms - awsMs);
          }
        }),
      );
      const cpu = cpuPerOperation(cpuBefore, readCpu(app.pid, name), own.length);
      own.sort((a, b) => a - b);
      aws.sort((a, b) => a - b);
      return [
        [`approve → console, ${users} users: own p50 / p99 ms`, `${percentile(own, 50).toFixed(1)} / ${percentile(own, 99).toFixed(1)}`, "", ""],
        [`approve → console, ${users} users: AWS p50 ms; statuses`, `${percentile(aws, 50).toFixed(1)}; ${JSON.stringify(statuses)}`, "", ""],
        [`approve → console, ${users} users: CPU ms per pair, server + PostgreSQL`, `${cpu.server.toFixed(2)} + ${cpu.database.toFixed(2)}`, "", ""],
      ];
    }

    /**
     * What the bare Next.js app takes for the same shape of work: each user sends two answers in a
     * row (two inserts) six times, all users at once. Its p50 is the least any Next.js server on this
     * machine could answer an approve and a console link in, before doing any of their work.
     */
    async function pairsOnTheFloor(users: number): Promise<string[]> {
      const pairs: number[] = [];
      await Promise.all(
        Array.from({ length: users }, async () => {
          for (let k = 0; k < 6; k++) {
            const first = await send(FLOOR, createCall("floor")!);
            const second = await send(FLOOR, createCall("floor")!);
            pairs.push(first.ms + second.ms);
          }
        }),
      );
      pairs.sort((a, b) => a - b);
      return [`two inserts in a row, ${users} users: p50 / p99 ms`, "", `${percentile(pairs, 50).toFixed(1)} / ${percentile(pairs, 99).toFixed(1)}`];
    }

    async function statementsPerOperation(): Promise<string[][]> {
      const create = createCall("app")!;
      const created = await send(APP, create);
      if (created.status >= 300) log(`create answered ${created.status}: ${created.body.slice(0, 300)}`);
      const id = (JSON.parse(created.body) as { id?: string }).id ?? "";
      const approve = await send(APP, {
        method: "POST",
        path: `/api/v1/requests/${id}/approve`,
        headers: { authorization: `Bearer ${tokenOf("apr1")}` },
        body: "{}",
      });
      const link = await send(APP, { method: "POST", path: `/api/v1/requests/${id}/console`, headers: create.headers!, body: "{}" });
      const requester = await sessionCookie(String(/req\d+/.exec(create.headers!.authorization!)?.[0]));
      const requestPage = await send(APP, { method: "GET", path: `/requests/${id}`, headers: { cookie: requester } });
      const approvals = await send(APP, { method: "GET", path: "/approvals", headers: { cookie: await sessionCookie("apr1") } });
      for (const [what, answer] of [
        ["request page", requestPage],
        ["approvals page", approvals],
      ] as const) {
        if (answer.status !== 200) log(`${what} answered ${answer.status}`);
      }
      const count = (answer: { headers: Record<string, string | string[] | undefined> }) => String(timing(answer.headers["server-timing"], "db"));
      return [
        ["statements: create / approve / console link", `${count(created)} / ${count(approve)} / ${count(link)}`, "1 / – / –", "1 / – / –"],
        ["statements: request page / approvals page", `${count(requestPage)} / ${count(approvals)}`, "– / 1", "– / 1"],
      ];
    }
  } finally {
    for (const stop of stops) await stop().catch((error: unknown) => console.error("[bench] cleanup:", error));
  }
}

async function startApp(url: string, catalog: string, motoUrl: string, federationUrl: string): Promise<{ app: ManagedProcess; coldStartMs: number }> {
  const started = performance.now();
  // Started the one way production starts it (scripts/start.sh: its Node.js flags included).
  const app = await spawnGroup("sh", ["scripts/start.sh", "-H", "127.0.0.1", "-p", String(APP)], {
    label: "Frontdesk (bench)",
    output: "capture",
    env: {
      ...env,
      NODE_ENV: "production",
      // BENCH_CPU_PROF=<dir>: V8 CPU profiles of the server's processes, written when they exit.
      ...(env.BENCH_CPU_PROF ? { NODE_OPTIONS: `${env.NODE_OPTIONS ?? ""} --cpu-prof --cpu-prof-dir=${env.BENCH_CPU_PROF}`.trim() } : {}),
      NEXT_DIST_DIR: DIST,
      NEXT_MANUAL_SIG_HANDLE: "true",
      NEXTAUTH_URL: `http://127.0.0.1:${APP}`,
      NEXTAUTH_SECRET: SECRET,
      DATABASE_URL: url,
      FRONTDESK_CATALOG: catalog,
      FRONTDESK_SERVER_TIMING: "true",
      OIDC_ISSUER: "http://127.0.0.1:9/unused",
      OIDC_CLIENT_ID: "bench",
      OIDC_CLIENT_SECRET: "bench",
      RATE_LIMIT_REQUESTS_PER_HOUR: "100000",
      AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL_STS: motoUrl,
      AWS_ENDPOINT_URL_IAM: motoUrl,
      AWS_ACCESS_KEY_ID: "bench",
      AWS_SECRET_ACCESS_KEY: "bench",
      AWS_FEDERATION_URL: federationUrl,
      LOG_LEVEL: "warn",
    },
  });
  await waitFor(APP, "/api/health", () => (app.hasExited() ? app.outputTail() : undefined));
  return { app, coldStartMs: performance.now() - started };
}

/** Builds (about 20 s) and starts the bare Next.js app of scripts/bench/next-floor, as production starts Frontdesk. */
async function startNextFloor(url: string): Promise<ManagedProcess> {
  // Run from its own folder: Next.js looks for instrumentation and proxy files in the working directory's tree.
  const dir = "scripts/bench/next-floor";
  const next = ["sh", "-c", `cd ${dir} && exec node ../../../node_modules/next/dist/bin/next "$@"`, "next"];
  const built = await spawnGroup(next[0]!, [...next.slice(1), "build"], {
    label: "bare Next.js (build)",
    output: "capture",
    env: { ...env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  const { code } = await built.exited;
  if (code !== 0) throw new Error(`the bare Next.js app did not build:\n${built.outputTail()}`);
  const floor = await spawnGroup(next[0]!, [...next.slice(1), "start", "-H", "127.0.0.1", "-p", String(FLOOR)], {
    label: "bare Next.js",
    output: "capture",
    // The Node.js flags scripts/start.sh gives Frontdesk, so only the code differs.
    env: {
      ...env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_OPTIONS: "--max-semi-space-size=16",
      BENCH_FLOOR_DATABASE_URL: url,
      BENCH_FLOOR_POOL: "20",
    },
  });
  await waitFor(FLOOR, "/health", () => (floor.hasExited() ? floor.outputTail() : undefined));
  return floor;
}

async function waitFor(port: number, urlPath: string, failed: () => string | undefined = () => undefined): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    const why = failed();
    if (why) throw new Error(`server exited:\n${why}`);
    const answer = await send(port, { method: "GET", path: urlPath }).catch(() => null);
    if (answer && answer.status < 500) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`port ${port} never answered`);
}

function startRssSampler(pid: number): { stop(): number } {
  let peak = 0;
  const sample = () => {
    // The whole process group: next start may run its server as a child.
    for (const dir of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
      try {
        // Fields after the command name (which may hold spaces): state, ppid, pgrp.
        const stat = readFileSync(`/proc/${dir}/stat`, "utf8");
        const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
        if (pgrp !== pid) continue;
        const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${dir}/status`, "utf8"))?.[1] ?? 0) * 1024;
        peak = Math.max(peak, rss);
      } catch {
        // gone meanwhile
      }
    }
  };
  const timer = setInterval(sample, 500);
  return { stop: () => (clearInterval(timer), sample(), peak) };
}

/** The JS a first visit to /requests/new loads: Next's runtime, the root layout's and the page's chunks, gzipped. */
function firstLoadJs(): number {
  const build = JSON.parse(readFileSync(path.join(DIST, "build-manifest.json"), "utf8")) as { rootMainFiles?: string[] };
  const rsc = readFileSync(path.join(DIST, "server/app/requests/new/page_client-reference-manifest.js"), "utf8");
  const entries = JSON.parse(/"entryJSFiles":(\{[^}]*\})/.exec(rsc)?.[1] ?? "{}") as Record<string, string[]>;
  const files = new Set([...(build.rootMainFiles ?? []), ...(entries["[project]/app/layout"] ?? []), ...(entries["[project]/app/requests/new/page"] ?? [])]);
  let total = 0;
  for (const file of files) {
    const full = path.join(DIST, file);
    if (statSync(full, { throwIfNoEntry: false })) total += gzipSync(readFileSync(full)).length;
  }
  return total;
}

function timing(header: string | string[] | undefined, name: string): number {
  const match = new RegExp(`(?:^|,\\s*)${name};(?:desc="[^"]*";)?dur=([\\d.]+)`).exec(String(header ?? ""));
  return match ? Number(match[1]) : 0;
}

function median(runs: number[][]): number[] {
  return runs[0]!.map((_, i) => {
    const values = runs.map((r) => r[i]!).sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)]!;
  });
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  for (const row of rows) console.log(`| ${row.map((cell, c) => cell.padEnd(widths[c]!)).join(" | ")} |`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
