// `npm run bench:client`: what a browser and the host pay for Frontdesk, measured on an existing
// production build (it builds nothing: run `next build` first, with the same NEXT_DIST_DIR):
// - first-load JS per main page, gzipped, from the build's manifests (Next's runtime and every
//   client chunk the page's segments name), and whether zod or next-auth's browser client ship;
// - cold start: `npm start` (scripts/start.sh) to the first 200 on /api/health, median of 5;
// - peak RSS of the server's process group under a short load of signed-in page GETs.
// Its own PostgreSQL database (dropped at the end), no AWS calls. Sizes: BENCH_CLIENT_SECONDS (30),
// BENCH_CLIENT_CONNECTIONS (20), BENCH_CLIENT_ROLES (1500), BENCH_CLIENT_PORT (3890).
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { encodeSessionToken } from "@/lib/auth/session-token";
import { createPostgresClient } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { spawnGroup, type ManagedProcess } from "../dev/process";
import { runLoad, send, type Call } from "./load";

const env = process.env;
const DIST = env.NEXT_DIST_DIR ?? ".next";
const PORT = Number(env.BENCH_CLIENT_PORT ?? 3890);
const SECONDS = Number(env.BENCH_CLIENT_SECONDS ?? 30);
const CONNECTIONS = Number(env.BENCH_CLIENT_CONNECTIONS ?? 20);
const ROLES = Number(env.BENCH_CLIENT_ROLES ?? 1500);
const COLD_STARTS = 5;
const SERVER = "postgresql://postgres@127.0.0.1:5432";
const SECRET = randomBytes(32).toString("hex");
const PAGES = ["/", "/requests", "/requests/new", "/approvals"];
const GOALS = { firstLoadKb: 150, coldStartS: 2, rssMb: 250 };
const log = (line: string) => console.log(`[bench:client] ${line}`);

/** A catalog of `count` roles over up to 50 accounts, all requestable by the bench person's group. */
function catalog(count: number): string {
  const accounts = Array.from({ length: Math.min(50, count) }, (_, a) => `  - { id: "${String(100000000000 + a)}", name: Account${a} }`);
  const roles = Array.from({ length: count }, (_, r) => {
    const account = String(100000000000 + (r % Math.min(50, count)));
    return `  - { id: role${r}, name: Role ${r}, account: "${account}", arn: "arn:aws:iam::${account}:role/Role${r}", maxDuration: 4h, maxSessionDuration: 1h, description: Reads and writes the things role ${r} is for }`;
  });
  return [
    "admins: [admins]",
    "accounts:",
    ...accounts,
    "roles:",
    ...roles,
    "rules:",
    `  - { id: everyone, roles: [${Array.from({ length: count }, (_, r) => `role${r}`).join(", ")}], requesters: [engineering], approvers: [security] }`,
    "",
  ].join("\n");
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

// ---- first-load JS --------------------------------------------------------------------------

interface PageJs {
  page: string;
  gzipBytes: number;
  zod: boolean;
  nextAuthClient: boolean;
}

function firstLoadJs(page: string): PageJs | null {
  const segment = page === "/" ? "/page" : `${page}/page`;
  const manifestFile = path.join(DIST, "server/app", `${segment}_client-reference-manifest.js`);
  if (!existsSync(manifestFile)) return null;
  const holder = globalThis as { __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> };
  holder.__RSC_MANIFEST = {};
  new Function(readFileSync(manifestFile, "utf8"))();
  const entries = holder.__RSC_MANIFEST[segment]?.entryJSFiles ?? {};
  const build = JSON.parse(readFileSync(path.join(DIST, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const files = new Set([...build.rootMainFiles, ...Object.values(entries).flat()]);
  let gzipBytes = 0;
  let zod = false;
  let nextAuthClient = false;
  for (const file of files) {
    const code = readFileSync(path.join(DIST, file));
    gzipBytes += gzipSync(code).length;
    const text = code.toString("utf8");
    zod ||= text.includes("ZodError");
    nextAuthClient ||= text.includes("__NEXTAUTH");
  }
  return { page, gzipBytes, zod, nextAuthClient };
}

// ---- the server -------------------------------------------------------------------------------

function serverEnv(url: string, catalogFile: string): NodeJS.ProcessEnv {
  return {
    ...env,
    NODE_ENV: "production",
    NEXT_DIST_DIR: DIST,
    NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
    NEXTAUTH_SECRET: SECRET,
    DATABASE_URL: url,
    FRONTDESK_CATALOG: catalogFile,
    OIDC_ISSUER: "http://127.0.0.1:9/unused",
    OIDC_CLIENT_ID: "bench",
    OIDC_CLIENT_SECRET: "bench",
    RATE_LIMIT_REQUESTS_PER_HOUR: "100000",
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_STS: "http://127.0.0.1:9",
    AWS_ENDPOINT_URL_IAM: "http://127.0.0.1:9",
    AWS_ACCESS_KEY_ID: "bench",
    AWS_SECRET_ACCESS_KEY: "bench",
    LOG_LEVEL: "warn",
  };
}

/** Until nothing answers on PORT: a start must never be timed against the previous server. */
async function portFree(): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (!(await send(PORT, { method: "GET", path: "/api/health" }).catch(() => null))) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`port ${PORT} is still answering`);
}

async function start(url: string, catalogFile: string): Promise<{ app: ManagedProcess; ms: number }> {
  await portFree();
  const started = performance.now();
  const app = await spawnGroup("sh", ["scripts/start.sh", "-H", "127.0.0.1", "-p", String(PORT)], {
    label: "Frontdesk (bench:client)",
    output: "capture",
    env: serverEnv(url, catalogFile),
  });
  for (;;) {
    if (app.hasExited()) throw new Error(`server exited:\n${app.outputTail()}`);
    const answer = await send(PORT, { method: "GET", path: "/api/health" }).catch(() => null);
    if (answer?.status === 200) return { app, ms: performance.now() - started };
    if (performance.now() - started > 120_000) throw new Error(`no 200 on /api/health after 120 s:\n${app.outputTail()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** RSS of every process in the group led by `pid` (next start may run its server as a child). */
function groupRss(pid: number): number {
  let total = 0;
  for (const dir of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${dir}/stat`, "utf8");
      // Fields after the command name (which may hold spaces): state, ppid, pgrp.
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) !== pid) continue;
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${dir}/status`, "utf8"))?.[1] ?? 0) * 1024;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kb = (bytes: number) => (bytes / 1000).toFixed(1);

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  for (const row of rows) console.log(`| ${row.map((cell, c) => cell.padEnd(widths[c]!)).join(" | ")} |`);
}

async function main(): Promise<void> {
  if (!existsSync(path.join(DIST, "BUILD_ID"))) throw new Error(`no production build in ${DIST}: run NEXT_DIST_DIR=${DIST} next build first`);
  const rows: string[][] = [["what", "goal", "measured", "met"]];
  // Times depend on what else runs: the load average says how shared the cores were.
  log(`${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)} at the start`);

  for (const page of PAGES) {
    const js = firstLoadJs(page);
    if (!js) continue;
    const shipped = [js.zod && "zod", js.nextAuthClient && "next-auth/react"].filter(Boolean).join(", ") || "neither";
    rows.push([`first-load JS ${page} (kB gzip)`, `≤ ${GOALS.firstLoadKb}`, kb(js.gzipBytes), js.gzipBytes <= GOALS.firstLoadKb * 1000 ? "yes" : "no"]);
    rows.push([`  zod / next-auth/react in ${page}`, "neither", shipped, shipped === "neither" ? "yes" : "no"]);
  }

  const name = `frontdesk_bench_client_${randomBytes(4).toString("hex")}`;
  const url = `${SERVER}/${name}`;
  const catalogFile = path.join(os.tmpdir(), `${name}.yaml`);
  const smallCatalogFile = path.join(os.tmpdir(), `${name}-small.yaml`);
  let app: ManagedProcess | null = null;
  try {
    await admin(`CREATE DATABASE "${name}"`);
    await applyMigrations(new PrismaPg({ connectionString: url, max: 1 }));
    writeFileSync(catalogFile, catalog(ROLES));
    writeFileSync(smallCatalogFile, catalog(4));
    const db = createPostgresClient(url, { DATABASE_POOL_MAX: 1 });
    const person = await db.user.create({
      data: { issuer: "http://bench", subject: "bench", email: "bench@example.com", name: "Bench Person", groups: ["engineering", "security"] },
    });
    await db.$disconnect();

    // Each catalog's first start warms the disk cache and is not counted.
    for (const [roles, file] of [
      [ROLES, catalogFile],
      [4, smallCatalogFile],
    ] as const) {
      const starts: number[] = [];
      for (let i = 0; i <= COLD_STARTS; i++) {
        const run = await start(url, file);
        if (i > 0) starts.push(run.ms);
        await run.app.stop();
      }
      log(`cold starts with ${roles} roles (ms): ${starts.map((ms) => ms.toFixed(0)).join(", ")}`);
      const coldStart = median(starts) / 1000;
      rows.push([
        `cold start to first 200 /api/health, ${roles} roles (s, median of ${COLD_STARTS})`,
        `≤ ${GOALS.coldStartS}`,
        coldStart.toFixed(2),
        coldStart <= GOALS.coldStartS ? "yes" : "no",
      ]);
    }

    app = (await start(url, catalogFile)).app;
    const now = Math.floor(Date.now() / 1000);
    const token = await encodeSessionToken({
      token: { name: person.name, email: person.email, uid: person.id, signedInAt: now, authTime: now, mfa: false, method: "oidc", sv: 0 },
      secret: SECRET,
      maxAge: 3600,
    });
    const cookie = `next-auth.session-token=${token}`;
    const newRequest = await send(PORT, { method: "GET", path: "/requests/new", headers: { cookie } });
    if (newRequest.status !== 200 || !newRequest.body.includes("Role 1")) throw new Error(`/requests/new answered ${newRequest.status} without the roles`);
    rows.push([`/requests/new HTML with ${ROLES} roles (kB)`, "", kb(Buffer.byteLength(newRequest.body)), ""]);

    const idle = groupRss(app.pid);
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, groupRss(app!.pid))), 250);
    let next = 0;
    const call = (): Call => ({ method: "GET", path: PAGES[next++ % PAGES.length]!, headers: { cookie } });
    const load = await runLoad(PORT, CONNECTIONS, SECONDS, call);
    clearInterval(sampler);
    peak = Math.max(peak, groupRss(app.pid));
    log(
      `load: ${load.requests} requests, ${load.perSecond.toFixed(1)}/s, p50 ${load.p50.toFixed(0)} ms, p99 ${load.p99.toFixed(0)} ms, statuses ${JSON.stringify(load.statuses)}`,
    );
    rows.push(["RSS after start, idle (MB)", "", (idle / 1e6).toFixed(0), ""]);
    rows.push([
      `peak RSS, ${SECONDS} s of page GETs at ${CONNECTIONS} connections (MB)`,
      `≤ ${GOALS.rssMb}`,
      (peak / 1e6).toFixed(0),
      peak <= GOALS.rssMb * 1e6 ? "yes" : "no",
    ]);
  } finally {
    await app?.stop().catch(() => undefined);
    rmSync(catalogFile, { force: true });
    rmSync(smallCatalogFile, { force: true });
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch((error: unknown) => console.error("[bench:client] cleanup:", error));
  }
  log(`load average ${os.loadavg()[0]!.toFixed(1)} at the end`);
  printTable(rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
