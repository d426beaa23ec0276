// What admins see on /admin/notifications: notification deliveries that have not gone out yet
// (waiting, retrying after an error, or given up), with the last error in words. Never payloads:
// only what identifies the delivery (kind, target, request).
import type { Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/policy/access";
import { assertCan } from "@/lib/policy/permissions";
import { MAIL_SEND, NOTIFICATION_JOB_KINDS, NOTIFY_EVENT, NOTIFY_REMINDER, SLACK_EPHEMERAL, SLACK_MESSAGE, SLACK_REQUESTER } from "./delivery-kinds";

export type DeliveryState = "failed" | "retrying" | "waiting";

interface DeliveryRow {
  id: string;
  kind: string;
  what: string;
  requestId: string | null;
  state: DeliveryState;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  createdAt: Date;
  lastError: string | null;
}

export interface DeliveryOverview {
  slackConfigured: boolean;
  emailConfigured: boolean;
  interactiveConfigured: boolean;
  deliveries: DeliveryRow[];
  /** Delivered in the last 24 hours. */
  deliveredLastDay: number;
}

const LIMIT = 200;

/** "N deliveries went out in the last 24 hours." */
export const DELIVERED_WINDOW_MS = 86_400_000;

export function assertNotificationAdmin(deps: Pick<Deps, "catalog">, actor: Actor): void {
  assertCan(actor, "notifications.manage", null, deps.catalog);
}

export async function listNotificationDeliveries(deps: Deps, { actor }: { actor: Actor }): Promise<DeliveryOverview> {
  assertNotificationAdmin(deps, actor);
  const kinds = [...NOTIFICATION_JOB_KINDS];
  const jobs = await deps.db.job.findMany({
    where: { kind: { in: kinds }, status: { in: ["PENDING", "FAILED"] } },
    orderBy: [{ status: "asc" }, { runAt: "asc" }],
    take: LIMIT,
  });
  const obsolete = await obsoleteReminders(deps, jobs);
  const since = new Date(deps.now().getTime() - DELIVERED_WINDOW_MS);
  const deliveredLastDay = await deps.db.job.count({ where: { kind: { in: kinds }, status: "DONE", doneAt: { gte: since } } });
  const rows = jobs
    .filter((job) => !obsolete.has(job.id))
    .map((job): DeliveryRow => ({
      id: job.id,
      kind: job.kind,
      what: describe(job.kind, job.payload),
      requestId: requestIdOf(job.payload),
      state: job.status === "FAILED" ? "failed" : job.lastError ? "retrying" : "waiting",
      attempts: job.attempts,
      maxAttempts: job.maxAttempts,
      runAt: job.runAt,
      createdAt: job.createdAt,
      lastError: job.lastError,
    }));
  const order: Record<DeliveryState, number> = { failed: 0, retrying: 1, waiting: 2 };
  rows.sort((a, b) => order[a.state] - order[b.state] || a.runAt.getTime() - b.runAt.getTime());
  return {
    slackConfigured: Boolean(deps.notifications?.slack),
    emailConfigured: Boolean(deps.notifications?.mailer),
    interactiveConfigured: Boolean(deps.notifications?.slackSigningSecret),
    deliveries: rows,
    deliveredLastDay,
  };
}

/**
 * Reminders that will do nothing when they fall due: the grant ended, was revoked, or its end moved
 * (the moved end has its own reminder). Listing them would make a quiet system look busy.
 */
async function obsoleteReminders(deps: Deps, jobs: { id: string; kind: string; status: string; payload: Prisma.JsonValue }[]): Promise<Set<string>> {
  const reminders = jobs.filter((job) => job.kind === NOTIFY_REMINDER && job.status === "PENDING");
  const ids = [...new Set(reminders.map((job) => requestIdOf(job.payload)).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Set();
  const grants = await deps.db.accessRequest.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, endsAt: true } });
  const byId = new Map(grants.map((g) => [g.id, g]));
  const now = deps.now();
  return new Set(
    reminders
      .filter((job) => {
        const grant = byId.get(requestIdOf(job.payload) ?? "");
        const endsAt = field(job.payload, "endsAt");
        const live = grant && (grant.status === "ACTIVE" || grant.status === "APPROVED") && grant.endsAt !== null && grant.endsAt > now;
        return !live || typeof endsAt !== "string" || grant.endsAt?.getTime() !== Date.parse(endsAt);
      })
      .map((job) => job.id),
  );
}

/** Gives a failed delivery another full set of attempts, now. */
export async function retryDelivery(deps: Deps, { actor, jobId }: { actor: Actor; jobId: string }): Promise<void> {
  assertNotificationAdmin(deps, actor);
  const changed = await deps.db.job.updateMany({
    where: { id: jobId, status: "FAILED", kind: { in: [...NOTIFICATION_JOB_KINDS] } },
    data: { status: "PENDING", attempts: 0, runAt: deps.now(), lockedUntil: null, doneAt: null },
  });
  if (changed.count !== 1) throw new AppError("CONFLICT", "That delivery is no longer failed; reload the page.");
}

function field(payload: Prisma.JsonValue, key: string): unknown {
  return payload && typeof payload === "object" && !Array.isArray(payload) ? (payload as Record<string, unknown>)[key] : undefined;
}

function requestIdOf(payload: Prisma.JsonValue): string | null {
  const id = field(payload, "requestId");
  return typeof id === "string" ? id : null;
}

function describe(kind: string, payload: Prisma.JsonValue): string {
  const event = String(field(payload, "event") ?? "");
  switch (kind) {
    case NOTIFY_EVENT:
      return `Fan-out of “${event}”`;
    case NOTIFY_REMINDER:
      return "Reminder before access ends";
    case SLACK_MESSAGE: {
      const target = field(payload, "target") as { type?: string; channel?: string } | undefined;
      return target?.type === "channel" ? `Slack ${target.channel ?? "channel"} (${event})` : `Slack DM to an approver (${event})`;
    }
    case SLACK_REQUESTER:
      return `Slack DM to the requester (${event})`;
    case SLACK_EPHEMERAL:
      return "Slack reply to a button click";
    case MAIL_SEND: {
      const to = field(payload, "to");
      const list = Array.isArray(to) ? to.map(String) : [String(to ?? "?")];
      return list.length > 3 ? `Email to ${list.slice(0, 3).join(", ")} and ${list.length - 3} more` : `Email to ${list.join(", ")}`;
    }
    default:
      return kind;
  }
}
