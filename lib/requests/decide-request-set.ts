// Deciding roles asked for together: one approval or deny acts on every member. All members are
// locked (in set order, the order every set-wide use case takes them) for the whole decision, each
// member gets the decider's review, and the tally over the set decides when every window opens.
import { auditedTransaction, recordAuditEvent } from "@/lib/audit/record-audit-event";
import { findRole, ruleById } from "@/lib/catalog/rules";
import type { CatalogRole, CatalogRule } from "@/lib/catalog/schema";
import { limitsOf, type Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { AccessRequest, Prisma } from "@/lib/generated/prisma/client";
import { notifyRequestEvent } from "@/lib/notify/request-events";
import { sameEmail, type Actor } from "@/lib/policy/access";
import { tallyApprovals, tallySetApprovals } from "@/lib/policy/approval-tally";
import { evaluateDecisionState, evaluateSetDecisionRights, NOT_AN_APPROVER, type Refusal } from "@/lib/policy/evaluate-decision";
import { roleLabel } from "@/lib/policy/evaluate-request-set";
import type { DecideRequestResult } from "./decide-request";
import { assertStillEligible, loadReviews, reload, startApprovedWindow } from "./decision-steps";
import { lockRequest, touchRequest, transitionOrThrow } from "./transition";

export interface DecideSetOptions {
  actor: Actor;
  setId: string;
  decision: "APPROVE" | "DENY";
  comment: string | undefined;
  via: "portal" | "slack";
}

const refused = (refusal: Refusal) => new AppError(refusal.code, refusal.message, refusal.fields);

/** Locks every member of a set, in set order; the rows as locked. */
export async function lockSetMembers(tx: Prisma.TransactionClient, setId: string): Promise<AccessRequest[]> {
  const ids = await tx.accessRequest.findMany({ where: { setId }, orderBy: { setIndex: "asc" }, select: { id: true } });
  const rows: AccessRequest[] = [];
  for (const { id } of ids) {
    const row = await lockRequest(tx, id);
    if (row) rows.push(row);
  }
  return rows;
}

export async function decideSet(deps: Deps, { actor, setId, decision, comment, via }: DecideSetOptions): Promise<DecideRequestResult> {
  const now = deps.now();
  const members = await deps.db.accessRequest.findMany({
    where: { setId },
    orderBy: { setIndex: "asc" },
    include: { requester: { select: { email: true } } },
  });
  const resolved = members.map((member) => ({ member, rule: ruleById(deps.catalog, member.ruleId), found: findRole(deps.catalog, member.roleId) }));
  const rights = evaluateSetDecisionRights(
    resolved.map(({ member, rule, found }) => ({
      actor,
      request: { requesterId: member.requesterId, requesterEmail: member.requester.email },
      rule,
      roleName: found?.role.name ?? null,
      roleLabel: roleLabel(deps.catalog, member.roleId),
      decision,
      comment,
      via,
      now,
      recentAuthSeconds: limitsOf(deps).recentAuthSeconds,
    })),
  );
  if (rights) throw refused(rights);
  const parts = resolved.flatMap(({ rule, found }) => (rule && found ? [{ rule, role: found.role }] : []));
  if (parts.length !== members.length || parts.length === 0) throw new AppError("NOT_FOUND", NOT_AN_APPROVER);
  // The set waits as long as its most impatient rule allows (its expiry timers were set to that).
  const pendingTimeoutSeconds = Math.min(...parts.map((p) => p.rule.pendingTimeout));

  return auditedTransaction(deps.db, async (tx) => {
    const rows = await lockSetMembers(tx, setId);
    if (rows.length !== parts.length) throw new AppError("NOT_FOUND", NOT_AN_APPROVER);
    const steps: { row: AccessRequest; state: ReturnType<typeof evaluateDecisionState>; rule: CatalogRule; role: CatalogRole }[] = [];
    for (const [index, row] of rows.entries()) {
      const reviews = await loadReviews(tx, row.id);
      const earlier = reviews.find((review) => review.reviewer.id === actor.id || sameEmail(review.reviewer.email, actor.email))?.decision ?? null;
      const state = evaluateDecisionState({ status: row.status, createdAt: row.createdAt, pendingTimeoutSeconds, decision, earlier, now });
      steps.push({ row, state, ...parts[index]! });
    }
    const refusal = steps.find((step) => step.state.kind === "refused");
    if (refusal?.state.kind === "refused") throw refused(refusal.state.refusal);
    const tallyNow = async () => {
      const tallies = [];
      for (const step of steps) tallies.push(tallyApprovals({ ...step.row, reviews: await loadReviews(tx, step.row.id) }, step.rule));
      return tallySetApprovals(tallies);
    };
    const lead = steps[0]!.row;
    if (steps.every((step) => step.state.kind === "repeat")) return { request: lead, changed: false, approvals: await tallyNow() };

    const deciding = steps.filter((step) => step.state.kind === "decide");
    if (decision === "APPROVE") for (const step of deciding) await assertStillEligible(tx, step.row, step.rule, step.role);
    for (const step of deciding) await tx.review.create({ data: { requestId: step.row.id, reviewerId: actor.id, decision, comment, createdAt: now } });
    if (decision === "DENY") {
      for (const { row } of deciding) {
        await transitionOrThrow(tx, row.id, {
          to: "DENIED",
          now,
          data: { decidedAt: now },
          audit: { actorId: actor.id, action: "request.denied", data: { comment: comment ?? null, setId } },
          notify: { event: "denied", actorId: actor.id },
        });
      }
      return { request: await reload(tx, lead.id), changed: true, approvals: await tallyNow() };
    }

    const approvals = await tallyNow();
    const data = { comment: comment ?? null, approvals: approvals.count, required: approvals.required, setId };
    const audit = (row: AccessRequest, action: string) =>
      recordAuditEvent(tx, { actorId: actor.id, targetType: "request", targetId: row.id, requestId: row.id, action, data }, now);
    if (!approvals.met) {
      for (const { row } of steps) {
        await audit(row, "request.approval-recorded");
        await touchRequest(tx, row.id);
      }
      await notifyRequestEvent(tx, { requestId: lead.id, event: "approval-recorded", actorId: actor.id, at: now });
      return { request: await reload(tx, lead.id), changed: true, approvals };
    }
    for (const { row } of steps) await audit(row, "request.approved");
    await notifyRequestEvent(tx, { requestId: lead.id, event: "approved", actorId: actor.id, at: now });
    for (const step of steps) await startApprovedWindow(tx, step.row, null, step.rule, step.role, now, actor.id);
    return { request: await reload(tx, lead.id), changed: true, approvals };
  });
}
