// Periodic anchors of the audit chain head. Someone able to rewrite the whole AuditEvent table
// (recomputing every hash) passes a plain chain check, but cannot also rewrite the copies of the
// head kept outside the database: the log and, when configured, a webhook. Verifying from one of
// them (`npm run audit:verify -- --from-seq N --from-hash H`) shows the rewrite.
// An anchor is not itself an audit event: recording one would move the very head it reports.
import { DEFAULT_ANCHOR_INTERVAL_MINUTES, type Deps } from "@/lib/context";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import type { JobHandlers } from "@/lib/jobs/types";
import { GENESIS_HASH } from "./record-audit-event";

export const AUDIT_ANCHOR = "audit.anchor";
const TIMEOUT_MS = 10_000;

interface Anchor {
  seq: number;
  hash: string;
  at: string;
}

export interface AnchorSettings {
  intervalMinutes: number;
  webhookUrl?: string;
  timeoutMs?: number;
  log?: (line: string) => void;
}

export function anchorJobHandlers(deps: Deps, settings: () => AnchorSettings = () => settingsOf(deps)): JobHandlers {
  return {
    [AUDIT_ANCHOR]: {
      run: async () => {
        const config = settings();
        const now = deps.now();
        // Scheduled before anything can fail: a webhook that stays down must not end the anchors
        // that follow (this job retries on its own).
        await scheduleAnchor(deps.db, now, config.intervalMinutes);
        const anchor = { ...(await readChainHead(deps.db)), at: now.toISOString() };
        (config.log ?? console.log)(`[frontdesk] audit anchor seq=${anchor.seq} hash=${anchor.hash} at=${anchor.at}`);
        if (config.webhookUrl) await postAnchor(config.webhookUrl, anchor, config.timeoutMs ?? TIMEOUT_MS);
      },
    },
  };
}

/**
 * Called at boot by every instance. The key is the next interval boundary, the same key the
 * running chain of anchors would use, so any number of boots leave one pending anchor, and a
 * chain that stopped (a job that gave up) starts again.
 */
export async function ensureAnchorScheduled(db: PrismaClient, now: Date, intervalMinutes: number): Promise<{ created: boolean }> {
  return scheduleAnchor(db, now, intervalMinutes);
}

/** The first interval boundary after `now`, counted from the epoch so every instance agrees. */
export function nextAnchorTime(now: Date, intervalMinutes: number): Date {
  const interval = intervalMinutes * 60_000;
  return new Date(Math.floor(now.getTime() / interval) * interval + interval);
}

export function anchorJobKey(runAt: Date): string {
  return `${AUDIT_ANCHOR}:${runAt.toISOString()}`;
}

export async function readChainHead(db: PrismaClient): Promise<{ seq: number; hash: string }> {
  const head = await db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  return head ? { seq: Number(head.seq), hash: head.hash } : { seq: 0, hash: GENESIS_HASH };
}

// Planned from the time it runs, not from the slot it was due: after downtime there is one
// anchor and then the next boundary, not a burst catching up on every missed slot.
function scheduleAnchor(db: PrismaClient, now: Date, intervalMinutes: number): Promise<{ created: boolean }> {
  const runAt = nextAnchorTime(now, intervalMinutes);
  return enqueueJob(db, { kind: AUDIT_ANCHOR, key: anchorJobKey(runAt), payload: { due: runAt.toISOString() }, runAt });
}

async function postAnchor(url: string, anchor: Anchor, timeoutMs: number): Promise<void> {
  // fetch refuses URLs with credentials in them; a webhook URL often carries basic auth that way.
  const target = new URL(url);
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (target.username || target.password) {
    const credentials = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`;
    headers.Authorization = `Basic ${Buffer.from(credentials).toString("base64")}`;
    target.username = "";
    target.password = "";
  }
  let response: Response;
  try {
    response = await fetch(target, { method: "POST", headers, body: JSON.stringify(anchor), signal: AbortSignal.timeout(timeoutMs), redirect: "error" });
  } catch (error) {
    // Never the URL in messages: it may hold credentials.
    const reason = error instanceof Error ? (error.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : error.name) : "error";
    throw new Error(`The audit anchor webhook could not be reached (${reason}).`);
  }
  await response.body?.cancel();
  if (!response.ok) throw new Error(`The audit anchor webhook answered HTTP ${response.status}.`);
}

function settingsOf(deps: Pick<Deps, "auditDelivery">): AnchorSettings {
  return { intervalMinutes: deps.auditDelivery?.anchorIntervalMinutes ?? DEFAULT_ANCHOR_INTERVAL_MINUTES, webhookUrl: deps.auditDelivery?.anchorWebhookUrl };
}
