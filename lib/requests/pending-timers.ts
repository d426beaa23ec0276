// Keeping a pending request moving, as outbox timers (the timer lane): a reminder to its approvers
// before it would expire, and, when the rule names backup approvers, a ping to them after the
// rule's delay. Each does nothing once the request has been decided, and each is recorded in the
// audit trail with its notification, in one transaction.
import { auditedTransaction, recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CatalogRule } from "@/lib/catalog/schema";
import type { Deps } from "@/lib/context";
import type { Prisma } from "@/lib/generated/prisma/client";
import { queueJob } from "@/lib/jobs/enqueue-job";
import type { JobHandlers } from "@/lib/jobs/types";
import { notifyRequestEvent } from "@/lib/notify/request-events";
import { lockRequest } from "./transition";

export const REQUEST_REMIND_APPROVERS = "request.remind-approvers";
export const REQUEST_ESCALATE = "request.escalate";

/** Schedules the reminder and the escalation of a request that now waits for approvers. */
export async function schedulePendingTimers(tx: Prisma.TransactionClient, requestId: string, rule: CatalogRule, now: Date): Promise<void> {
  const created = now.getTime();
  const remindAt = created + (rule.pendingTimeout - rule.escalation.remindBefore) * 1000;
  // A reminder right at creation would only repeat the request itself.
  if (remindAt > created + 60_000) {
    await queueJob(tx, {
      kind: REQUEST_REMIND_APPROVERS,
      key: `${REQUEST_REMIND_APPROVERS}:${requestId}`,
      payload: { requestId },
      runAt: new Date(remindAt),
    });
  }
  if (rule.escalation.after !== undefined && rule.escalation.to) {
    const runAt = new Date(created + rule.escalation.after * 1000);
    await queueJob(tx, { kind: REQUEST_ESCALATE, key: `${REQUEST_ESCALATE}:${requestId}`, payload: { requestId }, runAt });
  }
}

function requestIdOf(payload: unknown): string {
  const id = (payload as { requestId?: unknown } | null)?.requestId;
  if (typeof id !== "string") throw new Error("job payload has no requestId");
  return id;
}

export function pendingTimerHandlers(deps: Deps): JobHandlers {
  const whilePending = (action: string, event: "approvers-reminded" | "escalated") => ({
    async run(payload: unknown) {
      const requestId = requestIdOf(payload);
      const now = deps.now();
      await auditedTransaction(deps.db, async (tx) => {
        const row = await lockRequest(tx, requestId);
        // Decided, cancelled or expired meanwhile: nobody needs to hear about it any more.
        if (!row || row.status !== "PENDING") return;
        await recordAuditEvent(tx, { actorId: null, action, targetType: "request", targetId: requestId, requestId, data: {} }, now);
        await notifyRequestEvent(tx, { requestId, event, actorId: null, at: now });
      });
    },
  });
  return {
    [REQUEST_REMIND_APPROVERS]: whilePending("request.approvers-reminded", "approvers-reminded"),
    [REQUEST_ESCALATE]: whilePending("request.escalated", "escalated"),
  };
}
