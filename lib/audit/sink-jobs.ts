// Delivery of the audit trail to a SIEM or any webhook, through the outbox. Progress lives in a
// chain of jobs: each `audit.deliver` job sends the events after its seq (up to one batch) and,
// once the receiver said 2xx, enqueues its one successor under a key made from its own job id.
// The key depends on which job ran, never on what it found, so a job that runs twice (a crash after
// the POST) re-sends a batch (at least once; receivers dedupe on seq or Idempotency-Key) but
// cannot fork the chain, and events arrive in seq order. Reading by seq is safe because writers
// serialize on the chain lock (record-audit-event): a smaller seq never commits after a larger one.
import type { Deps } from "@/lib/context";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import type { JobHandlers } from "@/lib/jobs/types";
import { selectAuditRows } from "./audit-rows";
import { exportRecord } from "./export-audit-events";

export const AUDIT_DELIVER = "audit.deliver";
const SINK_BATCH_SIZE = 500;
const TIMEOUT_MS = 10_000;
// How often a caught-up chain looks for new events (each look is one small job row).
const IDLE_POLL_MS = 15_000;
// A SIEM outage of days must not end the chain; if it does, the next boot restarts it.
const MAX_ATTEMPTS = 500;
const SEQ = /^\d{1,19}$/;

interface DeliverPayload {
  afterSeq: string;
}

export interface AuditSinkOptions {
  db: PrismaClient;
  now: () => Date;
  /** Read when a job runs, so a missing setting delays delivery instead of losing it. */
  webhookUrl: () => string | undefined;
  timeoutMs?: number;
  batchSize?: number;
  idlePollMs?: number;
}

/** The key of the one job that may follow job `jobId`. */
export function nextDeliverJobKey(jobId: string): string {
  return `${AUDIT_DELIVER}:after:${jobId}`;
}

export function auditSinkHandlers(options: AuditSinkOptions): JobHandlers {
  return {
    [AUDIT_DELIVER]: {
      // One delivery at a time across all instances: order matters to the receiver.
      group: () => AUDIT_DELIVER,
      run: (payload, job) => deliver(options, parsePayload(payload), job.id),
    },
  };
}

export function sinkJobHandlers(deps: Deps): JobHandlers {
  return auditSinkHandlers({ db: deps.db, now: deps.now, webhookUrl: () => deps.auditDelivery?.webhookUrl });
}

async function deliver(options: AuditSinkOptions, payload: DeliverPayload, jobId: string): Promise<void> {
  const url = options.webhookUrl();
  if (!url) throw new Error("AUDIT_WEBHOOK_URL is not set: audit events wait until it is.");
  const batchSize = options.batchSize ?? SINK_BATCH_SIZE;
  const idle = new Date(options.now().getTime() + (options.idlePollMs ?? IDLE_POLL_MS));
  const rows = await selectAuditRows(options.db, {}, { order: "asc", after: BigInt(payload.afterSeq), limit: batchSize });
  const last = rows.at(-1);
  if (!last) {
    await enqueueNext(options.db, jobId, payload.afterSeq, idle);
    return;
  }
  await post(url, { source: "frontdesk", events: rows.map(exportRecord) }, `frontdesk-audit-${rows[0]?.seq}-${last.seq}`, options.timeoutMs ?? TIMEOUT_MS);
  // A full batch means more are waiting: go on at once.
  await enqueueNext(options.db, jobId, last.seq.toString(), rows.length === batchSize ? options.now() : idle);
}

async function post(url: string, body: unknown, idempotencyKey: string, timeoutMs: number): Promise<void> {
  // fetch refuses URLs with credentials in them; a webhook URL often carries basic auth that way.
  const target = new URL(url);
  const headers: Record<string, string> = { "Content-Type": "application/json", "Idempotency-Key": idempotencyKey };
  if (target.username || target.password) {
    const user = decodeURIComponent(target.username);
    const password = decodeURIComponent(target.password);
    headers.Authorization = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
    target.username = "";
    target.password = "";
  }
  let response: Response;
  try {
    response = await fetch(target, { method: "POST", headers, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs), redirect: "error" });
  } catch (error) {
    // Never the URL in messages: it may hold credentials.
    const code = error instanceof Error ? (error.cause as { code?: unknown } | undefined)?.code : undefined;
    const reason =
      error instanceof Error && error.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : typeof code === "string" ? code : "network error";
    throw new Error(`The audit webhook could not be reached (${reason}).`);
  }
  await response.body?.cancel();
  if (!response.ok) throw new Error(`The audit webhook answered HTTP ${response.status}.`);
}

async function enqueueNext(db: PrismaClient, jobId: string, afterSeq: string, runAt: Date): Promise<void> {
  await enqueueJob(db, { kind: AUDIT_DELIVER, key: nextDeliverJobKey(jobId), payload: { afterSeq }, runAt, maxAttempts: MAX_ATTEMPTS });
}

function parsePayload(payload: Prisma.JsonValue): DeliverPayload {
  const { afterSeq } = (payload ?? {}) as Partial<DeliverPayload>;
  if (typeof afterSeq !== "string" || !SEQ.test(afterSeq)) throw new Error("audit.deliver job without a valid afterSeq");
  return { afterSeq };
}

/**
 * Called at boot by every instance: starts the chain when a webhook is configured and no delivery
 * is pending. The first chain begins at the first event (a new SIEM gets the whole history); a
 * chain that gave up resumes where it stopped. Instances booting together derive the same key, so
 * only one chain ever exists. (Whoever prunes old jobs must keep the newest audit.deliver one.)
 */
export async function ensureSinkScheduled(db: PrismaClient, now: Date, { webhookUrl }: { webhookUrl: string | undefined }): Promise<boolean> {
  if (!webhookUrl) return false;
  const pending = await db.job.findFirst({ where: { kind: AUDIT_DELIVER, status: "PENDING" }, select: { id: true } });
  if (pending) return false;
  // The newest finished job is where the chain stopped. Pending jobs are left out: another
  // instance starting at the same moment may already have enqueued the restart, and both must
  // then derive the same key so that only one chain exists.
  const last = await db.job.findFirst({
    where: { kind: AUDIT_DELIVER, status: { not: "PENDING" } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  const { afterSeq } = last ? parsePayload(last.payload) : { afterSeq: "0" };
  const key = last ? `${AUDIT_DELIVER}:restart:${last.id}` : `${AUDIT_DELIVER}:first`;
  return (await enqueueJob(db, { kind: AUDIT_DELIVER, key, payload: { afterSeq }, runAt: now, maxAttempts: MAX_ATTEMPTS })).created;
}
