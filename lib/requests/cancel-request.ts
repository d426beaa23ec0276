import type { Deps } from "@/lib/context";
import { auditedTransaction } from "@/lib/audit/record-audit-event";
import { AppError } from "@/lib/errors";
import { auditRefusals } from "@/lib/audit/audit-refusals";
import type { Actor } from "@/lib/policy/access";
import { can, requestSubject } from "@/lib/policy/permissions";
import { transition } from "./transition";
import { endSchema } from "./close-input";

/** The requester withdraws a request nobody has decided yet. */
export function cancelRequest(deps: Deps, options: { actor: Actor; requestId: string }) {
  const attempt = { actorId: options.actor.id, action: "request.cancel", targetType: "request", targetId: options.requestId, requestId: options.requestId };
  return auditRefusals(deps, attempt, () => cancel(deps, options));
}

async function cancel(deps: Deps, options: { actor: Actor; requestId: string }) {
  const parsed = endSchema.safeParse(options);
  if (!parsed.success) throw new AppError("INVALID_INPUT", parsed.error.issues[0]?.message ?? "No such request.");
  const { actor } = options;
  const { requestId } = parsed.data;
  const now = deps.now();
  return auditedTransaction(deps.db, async (tx) => {
    const row = await tx.accessRequest.findUnique({
      where: { id: requestId },
      select: { ruleId: true, requesterId: true, setId: true, requester: { select: { email: true } } },
    });
    const subject = row && requestSubject(row);
    // Someone else's request is simply not found.
    if (!subject || !can(actor, "request.cancel", subject, deps.catalog)) throw new AppError("NOT_FOUND", "No such request.");
    // Roles asked for together are withdrawn together, in set order.
    const ids = row.setId
      ? (await tx.accessRequest.findMany({ where: { setId: row.setId }, orderBy: { setIndex: "asc" }, select: { id: true } })).map((m) => m.id)
      : [requestId];
    for (const id of ids) {
      const result = await transition(tx, id, {
        to: "CANCELLED",
        now,
        when: (locked) => locked.status === "PENDING",
        data: { decidedAt: now },
        audit: { actorId: actor.id, action: "request.cancelled", data: row.setId ? { setId: row.setId } : undefined },
        notify: { event: "cancelled", actorId: actor.id },
      });
      if (!result.changed) {
        throw new AppError("CONFLICT", `This request is already ${result.current?.status.toLowerCase() ?? "gone"} and can no longer be cancelled.`);
      }
    }
  });
}
