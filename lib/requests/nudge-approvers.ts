// The requester asks the approvers again: one nudge per the rule's interval (escalation.nudgeEvery),
// counted from the audit trail itself under the request's row lock, so two clicks at once make one
// nudge. Each nudge, and each refusal, is audited.
import { auditRefusals } from "@/lib/audit/audit-refusals";
import { auditedTransaction, recordAuditEvent } from "@/lib/audit/record-audit-event";
import { ruleById } from "@/lib/catalog/rules";
import type { Catalog } from "@/lib/catalog/schema";
import type { Deps } from "@/lib/context";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { notifyRequestEvent } from "@/lib/notify/request-events";
import type { Actor } from "@/lib/policy/access";
import { can, requestSubject } from "@/lib/policy/permissions";
import { formatDuration } from "@/lib/duration";
import { endSchema } from "./close-input";
import { lockRequest } from "./transition";

export const NUDGE_ACTION = "request.nudged";

export interface NudgeResult {
  nudgedAt: Date;
  /** When the next nudge is allowed. */
  nextAt: Date;
}

export function nudgeApprovers(deps: Deps, options: { actor: Actor; requestId: string }): Promise<NudgeResult> {
  const attempt = { actorId: options.actor.id, action: "request.nudge", targetType: "request", targetId: options.requestId, requestId: options.requestId };
  return auditRefusals(deps, attempt, () => nudge(deps, options));
}

/** When this request may next be nudged (null: now). Shared by the page and the use case. */
export async function nextNudgeAt(
  db: Pick<Prisma.TransactionClient, "auditEvent">,
  catalog: Catalog,
  request: { id: string; ruleId: string },
): Promise<Date | null> {
  const every = ruleById(catalog, request.ruleId)?.escalation.nudgeEvery ?? 3600;
  const last = await db.auditEvent.findFirst({
    where: { requestId: request.id, action: NUDGE_ACTION, result: "ok" },
    orderBy: { seq: "desc" },
    select: { at: true },
  });
  return last ? new Date(last.at.getTime() + every * 1000) : null;
}

async function nudge(deps: Deps, options: { actor: Actor; requestId: string }): Promise<NudgeResult> {
  const parsed = endSchema.safeParse(options);
  if (!parsed.success) throw new AppError("INVALID_INPUT", parsed.error.issues[0]?.message ?? "No such request.");
  const { actor } = options;
  const { requestId } = parsed.data;
  const now = deps.now();
  return auditedTransaction(deps.db, async (tx) => {
    const row = await tx.accessRequest.findUnique({
      where: { id: requestId },
      select: { id: true, ruleId: true, requesterId: true, requester: { select: { email: true } } },
    });
    const subject = row && requestSubject(row);
    // Someone else's request is simply not found.
    if (!row || !subject || !can(actor, "request.nudge", subject, deps.catalog)) throw new AppError("NOT_FOUND", "No such request.");
    const locked = await lockRequest(tx, requestId);
    if (locked?.status !== "PENDING") throw new AppError("CONFLICT", "This request has been decided already: there is nobody left to nudge.");
    const every = ruleById(deps.catalog, row.ruleId)?.escalation.nudgeEvery ?? 3600;
    const next = await nextNudgeAt(tx, deps.catalog, row);
    if (next && next > now) {
      throw new AppError("RATE_LIMITED", `You nudged the approvers less than ${formatDuration(every)} ago. You can nudge them again later.`);
    }
    await recordAuditEvent(tx, { actorId: actor.id, action: NUDGE_ACTION, targetType: "request", targetId: requestId, requestId, data: {} }, now);
    await notifyRequestEvent(tx, { requestId, event: "nudged", actorId: actor.id, at: now });
    return { nudgedAt: now, nextAt: new Date(now.getTime() + every * 1000) };
  });
}
