// Prometheus metrics (prom-client, the maintained Prometheus client for Node). Two kinds:
// - counted in this process as things happen: HTTP latency by route, job runs, calls to STS, IAM,
//   Slack and the mail server (each instance reports its own; Prometheus sums them);
// - read from PostgreSQL at scrape time: requests by state, decisions, pending age, active grants,
//   issuances, the job queue, the audit chain head and its last anchor. The database is the shared
//   state, so every instance reports the same values there (aggregate them with max, not sum).
import { addOutsideTime } from "./server-timing";
import { timingSafeEqual } from "node:crypto";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { PrismaClient } from "@/lib/generated/prisma/client";

interface Metrics {
  registry: Registry;
  httpDuration: Histogram<"route" | "method" | "status">;
  jobRuns: Counter<"kind" | "outcome">;
  jobDuration: Histogram<"kind">;
  callDuration: Histogram<"service" | "operation" | "result">;
  callErrors: Counter<"service" | "operation">;
  requests: Gauge<"state">;
  decisions: Gauge<"decision">;
  firstDecision: Gauge<"quantile">;
  pendingAge: Gauge;
  grantsActive: Gauge;
  issuances: Gauge<"kind" | "result">;
  jobs: Gauge<"kind" | "status">;
  jobAge: Gauge<"kind">;
  auditHead: Gauge;
  anchorAge: Gauge;
  scrapeErrors: Counter;
}

function create(): Metrics {
  const registry = new Registry();
  const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
  return {
    registry,
    httpDuration: new Histogram({
      name: "frontdesk_http_request_duration_seconds",
      help: "HTTP requests by route pattern, method and status.",
      labelNames: ["route", "method", "status"],
      buckets: seconds,
      registers: [registry],
    }),
    jobRuns: new Counter({
      name: "frontdesk_job_runs_total",
      help: "Outbox job attempts run by this instance, by kind and outcome (ok, error).",
      labelNames: ["kind", "outcome"],
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: "frontdesk_job_duration_seconds",
      help: "How long outbox job attempts took, by kind.",
      labelNames: ["kind"],
      buckets: seconds,
      registers: [registry],
    }),
    callDuration: new Histogram({
      name: "frontdesk_outbound_call_duration_seconds",
      help: "Calls to STS, IAM, the console federation endpoint, Slack and the mail server, by result (ok, error).",
      labelNames: ["service", "operation", "result"],
      buckets: seconds,
      registers: [registry],
    }),
    callErrors: new Counter({
      name: "frontdesk_outbound_call_errors_total",
      help: "Failed calls to STS, IAM, federation, Slack and mail.",
      labelNames: ["service", "operation"],
      registers: [registry],
    }),
    requests: new Gauge({ name: "frontdesk_requests", help: "Access requests by state (from the database).", labelNames: ["state"], registers: [registry] }),
    decisions: new Gauge({
      name: "frontdesk_decisions",
      help: "Approver decisions recorded, by decision (from the database).",
      labelNames: ["decision"],
      registers: [registry],
    }),
    firstDecision: new Gauge({
      name: "frontdesk_time_to_first_decision_seconds",
      help: "Time from request to decision, for requests decided in the last 24 hours (quantiles).",
      labelNames: ["quantile"],
      registers: [registry],
    }),
    pendingAge: new Gauge({ name: "frontdesk_pending_oldest_age_seconds", help: "Age of the oldest pending request (0 when none).", registers: [registry] }),
    grantsActive: new Gauge({ name: "frontdesk_grants_active", help: "Grants whose access window is open.", registers: [registry] }),
    issuances: new Gauge({
      name: "frontdesk_issuances",
      help: "Console links and credential sets, by kind and result (ok, refused, failed; from the audit trail).",
      labelNames: ["kind", "result"],
      registers: [registry],
    }),
    jobs: new Gauge({
      name: "frontdesk_jobs",
      help: "Outbox jobs by kind and status (queue depth: status PENDING).",
      labelNames: ["kind", "status"],
      registers: [registry],
    }),
    jobAge: new Gauge({
      name: "frontdesk_job_oldest_due_age_seconds",
      help: "How long the oldest due, pending job of each kind has waited.",
      labelNames: ["kind"],
      registers: [registry],
    }),
    auditHead: new Gauge({ name: "frontdesk_audit_chain_head_seq", help: "Sequence number of the newest audit event.", registers: [registry] }),
    anchorAge: new Gauge({
      name: "frontdesk_audit_anchor_age_seconds",
      help: "Time since the audit chain head was last anchored (-1: never).",
      registers: [registry],
    }),
    scrapeErrors: new Counter({ name: "frontdesk_metrics_database_errors_total", help: "Scrapes whose database part failed.", registers: [registry] }),
  };
}

const store = globalThis as typeof globalThis & { __frontdeskMetrics?: Metrics };
export function metrics(): Metrics {
  store.__frontdeskMetrics ??= create();
  return store.__frontdeskMetrics;
}

/** Times one outbound call; rethrows its error after counting it. */
export async function timeCall<T>(service: string, operation: string, call: () => Promise<T>): Promise<T> {
  const end = metrics().callDuration.startTimer({ service, operation });
  const started = performance.now();
  try {
    const result = await call();
    end({ result: "ok" });
    return result;
  } catch (error) {
    end({ result: "error" });
    metrics().callErrors.inc({ service, operation });
    throw error;
  } finally {
    addOutsideTime(service === "sts" || service === "iam" || service === "federation" ? "aws" : service, performance.now() - started);
  }
}

const ISSUED: Record<string, string> = { "access.console-link-issued": "console", "access.credentials-issued": "credentials" };
const ATTEMPTED: Record<string, string> = { "access.console-link": "console", "access.issue": "credentials" };

/** Reads the shared state into the gauges. Cheap: grouped counts over indexed columns. */
async function refreshDatabaseMetrics(db: PrismaClient, now: Date = new Date()): Promise<void> {
  const m = metrics();
  const [requests, decisions, pending, active, quantiles, issuances, jobs, jobAges, head, anchor] = await Promise.all([
    db.accessRequest.groupBy({ by: ["status"], _count: { _all: true } }),
    db.review.groupBy({ by: ["decision"], _count: { _all: true } }),
    db.accessRequest.findFirst({ where: { status: "PENDING" }, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
    db.accessRequest.count({ where: { status: "ACTIVE" } }),
    db.$queryRaw<{ p50: number | null; p90: number | null; p99: number | null }[]>`
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY s) AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY s) AS p90,
             percentile_cont(0.99) WITHIN GROUP (ORDER BY s) AS p99
      FROM (SELECT EXTRACT(EPOCH FROM ("decidedAt" - "createdAt"))::float8 AS s FROM "AccessRequest"
            WHERE "decidedAt" IS NOT NULL AND "decidedAt" > ${new Date(now.getTime() - 86_400_000)}) d`,
    db.$queryRaw<{ action: string; result: string; n: bigint }[]>`
      SELECT action, result, count(*) AS n FROM "AuditEvent"
      WHERE action IN ('access.console-link-issued', 'access.credentials-issued', 'access.console-link', 'access.issue')
      GROUP BY action, result`,
    db.job.groupBy({ by: ["kind", "status"], _count: { _all: true } }),
    db.job.groupBy({ by: ["kind"], where: { status: "PENDING", runAt: { lte: now } }, _min: { runAt: true } }),
    db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } }),
    db.job.findFirst({ where: { kind: "audit.anchor", status: "DONE" }, orderBy: { doneAt: "desc" }, select: { doneAt: true } }),
  ]);

  m.requests.reset();
  for (const row of requests) m.requests.set({ state: row.status }, row._count._all);
  m.decisions.reset();
  for (const row of decisions) m.decisions.set({ decision: row.decision.toLowerCase() }, row._count._all);
  const q = quantiles[0];
  m.firstDecision.reset();
  if (q?.p50 != null) {
    m.firstDecision.set({ quantile: "0.5" }, q.p50);
    m.firstDecision.set({ quantile: "0.9" }, q.p90 ?? q.p50);
    m.firstDecision.set({ quantile: "0.99" }, q.p99 ?? q.p50);
  }
  m.pendingAge.set(pending ? Math.max(0, (now.getTime() - pending.createdAt.getTime()) / 1000) : 0);
  m.grantsActive.set(active);
  m.issuances.reset();
  for (const row of issuances) {
    const kind = ISSUED[row.action] ?? ATTEMPTED[row.action];
    // Successful issuances are counted from their "-issued" events; the attempt events only for refusals and failures.
    if (!kind || (row.action in ATTEMPTED && row.result === "ok")) continue;
    m.issuances.inc({ kind, result: row.result }, Number(row.n));
  }
  m.jobs.reset();
  for (const row of jobs) m.jobs.set({ kind: row.kind, status: row.status }, row._count._all);
  m.jobAge.reset();
  for (const row of jobAges) if (row._min.runAt) m.jobAge.set({ kind: row.kind }, Math.max(0, (now.getTime() - row._min.runAt.getTime()) / 1000));
  m.auditHead.set(head ? Number(head.seq) : 0);
  m.anchorAge.set(anchor?.doneAt ? Math.max(0, (now.getTime() - anchor.doneAt.getTime()) / 1000) : -1);
}

/** The exposition text; the database part is skipped (and counted) when the database fails. */
export async function renderMetrics(db: PrismaClient | null, now?: Date): Promise<{ contentType: string; body: string }> {
  const m = metrics();
  if (db) {
    try {
      await refreshDatabaseMetrics(db, now);
    } catch {
      m.scrapeErrors.inc();
    }
  }
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}

/** Constant-time comparison of the scrape's bearer token with METRICS_TOKEN. */
export function metricsTokenMatches(header: string | null, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, "") ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
