// Approving or denying a pending request. The request row is locked for the whole decision, so
// approvals arriving together are counted one after another: N distinct approvers open the window
// exactly once, a repeated click is harmless, and a deny or a cancel that got there first wins.
import { auditRefusals } from "@/lib/audit/audit-refusals";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { findRole } from "@/lib/catalog/load-catalog";
import { maxDurationFor, ruleById } from "@/lib/catalog/rules";
import type { CatalogRule } from "@/lib/catalog/schema";
import { assertRecentSignIn } from "@/lib/auth/freshness";
import { limitsOf, type Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { AccessRequest, Prisma } from "@/lib/generated/prisma/client";
import type { RequestStatus } from "@/lib/generated/prisma/enums";
import { notifyRequestEvent } from "@/lib/notify/request-events";
import { isSelfReview, mayApproveRequest, sameEmail, stillEligible, type Actor } from "@/lib/policy/access";
import { decisionSchema } from "./request-input";
import { extendGrant, lockRequest, openWindow, scheduleWindow } from "./windows";

export interface DecideRequestOptions {
  actor: Actor;
  requestId: string;
  decision: "APPROVE" | "DENY";
  comment?: string;
  /**
   * Where the decision was made. "slack": an interactive Slack button, whose signed request proves
   * the Slack session instead of a recent portal sign-in; only for rules that turn it on.
   */
  via?: "portal" | "slack";
}

export interface DecideRequestResult {
  request: AccessRequest;
  /** False when this person had already made this same decision: nothing changed. */
  changed: boolean;
  /** Approvals counted so far and needed, for the N-of-M display. */
  approvals: { count: number; required: number };
}

const STATUS_WORDS: Record<RequestStatus, string> = {
  PENDING: "pending",
  APPROVED: "already approved",
  ACTIVE: "already approved and active",
  ENDED: "over",
  DENIED: "already denied",
  CANCELLED: "cancelled by the requester",
  EXPIRED: "expired",
  REVOKED: "revoked",
};

export function decideRequest(deps: Deps, options: DecideRequestOptions): Promise<DecideRequestResult> {
  const id = String(options.requestId).slice(0, 64);
  const attempt = { actorId: options.actor.id, action: "request.decide", targetType: "request", targetId: id, requestId: id };
  return auditRefusals(deps, attempt, () => decide(deps, options));
}

async function decide(deps: Deps, options: DecideRequestOptions): Promise<DecideRequestResult> {
  const parsed = decisionSchema.safeParse(options);
  if (!parsed.success) throw new AppError("INVALID_INPUT", parsed.error.issues[0]?.message ?? "Invalid decision.", { comment: parsed.error.issues[0]?.message ?? "" });
  const { actor } = options;
  const { requestId, decision, comment } = parsed.data;

  // Rights come from the current catalog: the request's rule as it stands now.
  const request = await deps.db.accessRequest.findUnique({ where: { id: requestId }, include: { requester: { select: { email: true } } } });
  const rule = request ? ruleById(deps.catalog, request.ruleId) : undefined;
  const found = request ? findRole(deps.catalog, request.roleId) : null;
  if (!request || !rule || !found || !mayApproveRequest(actor, rule)) {
    throw new AppError("NOT_FOUND", "No such request, or you do not approve this role.");
  }
  if (isSelfReview(actor, { requesterId: request.requesterId, requesterEmail: request.requester.email })) {
    throw new AppError("FORBIDDEN", "You cannot approve or deny your own request. Another approver must decide.");
  }
  // Deciding needs a recent sign-in (and a multi-factor one where the rule says so). A Slack
  // button stands in for it only where the rule allows deciding from Slack (never with MFA).
  if (options.via === "slack") {
    if (!rule.notify.slack?.interactive) throw new AppError("FORBIDDEN", "Deciding from Slack is turned off for this kind of request. Use the portal.");
  } else {
    assertRecentSignIn(actor, deps.now(), limitsOf(deps).recentAuthSeconds);
  }
  if (rule.mfa.approve && !actor.mfa) {
    throw new AppError("MFA_REQUIRED", `Approving ${found.role.name} needs a sign-in with multi-factor authentication.`);
  }
  if (decision === "DENY" && rule.denyComment === "required" && !comment) {
    throw new AppError("INVALID_INPUT", "Say why you are denying this request: the requester sees your comment.", { comment: "Say why you deny it." });
  }

  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    // An extension's grant is locked first, in the order revocation takes them too.
    const grant = request.extendsId ? await lockRequest(tx, request.extendsId) : null;
    const row = await lockRequest(tx, request.id);
    if (!row) throw new AppError("NOT_FOUND", "No such request, or you do not approve this role.");
    const required = Math.max(row.requiredApprovals, rule.approvals);

    // This person's earlier decision, under this identity or another one with the same email.
    const mine = (await tx.review.findMany({ where: { requestId: row.id }, include: { reviewer: { select: { email: true } } } })).find(
      (review) => review.reviewerId === actor.id || sameEmail(review.reviewer.email, actor.email),
    );
    if (mine) {
      if (mine.decision !== decision) {
        throw new AppError("CONFLICT", `You already ${mine.decision === "APPROVE" ? "approved" : "denied"} this request; a decision cannot be changed.`);
      }
      // The same decision again (a double click, a retried POST): nothing more happens.
      return { request: row, changed: false, approvals: { count: await countApprovals(tx, row.id, rule), required } };
    }
    if (row.status !== "PENDING") throw new AppError("CONFLICT", `This request is ${STATUS_WORDS[row.status]}.`);
    if (now.getTime() >= row.createdAt.getTime() + rule.pendingTimeout * 1000) {
      throw new AppError("CONFLICT", "This request waited too long for a decision and has expired. The requester can ask again.");
    }

    const audit = { actorId: actor.id, targetType: "request", targetId: row.id, requestId: row.id };
    if (decision === "DENY") {
      await tx.review.create({ data: { requestId: row.id, reviewerId: actor.id, decision, comment, createdAt: now } });
      const changed = await tx.accessRequest.updateMany({
        where: { id: row.id, status: "PENDING" },
        data: { status: "DENIED", decidedAt: now, version: { increment: 1 } },
      });
      if (changed.count !== 1) throw new AppError("CONFLICT", "This request changed a moment ago. Reload to see it.");
      await recordAuditEvent(tx, { ...audit, action: "request.denied", data: { comment: comment ?? null } }, now);
      await notifyRequestEvent(tx, { requestId: row.id, event: "denied", actorId: actor.id, at: now });
      return { request: await reload(tx, row.id), changed: true, approvals: { count: await countApprovals(tx, row.id, rule), required } };
    }

    // Approving: the requester must still be allowed this role, by the current catalog and groups.
    const requester = await tx.user.findUniqueOrThrow({ where: { id: row.requesterId } });
    if (!stillEligible({ ...requester, groups: requester.groups }, rule, found.role, row.kind)) {
      throw new AppError(
        "CONFLICT",
        `${requester.name} may no longer request ${found.role.name} (their groups or the catalog changed since they asked). Deny the request instead.`,
      );
    }
    await tx.review.create({ data: { requestId: row.id, reviewerId: actor.id, decision, comment, createdAt: now } });
    const count = await countApprovals(tx, row.id, rule);
    if (count < required) {
      await recordAuditEvent(tx, { ...audit, action: "request.approval-recorded", data: { comment: comment ?? null, approvals: count, required } }, now);
      await tx.accessRequest.updateMany({ where: { id: row.id }, data: { version: { increment: 1 } } });
      await notifyRequestEvent(tx, { requestId: row.id, event: "approval-recorded", actorId: actor.id, at: now });
      return { request: await reload(tx, row.id), changed: true, approvals: { count, required } };
    }

    await recordAuditEvent(tx, { ...audit, action: "request.approved", data: { comment: comment ?? null, approvals: count, required } }, now);
    await notifyRequestEvent(tx, { requestId: row.id, event: "approved", actorId: actor.id, at: now });
    if (row.kind === "EXTENSION" && grant && row.extendsId) {
      await extendGrant(tx, { ...row, extendsId: row.extendsId }, grant, now, actor.id, maxDurationFor(rule, found.role));
    } else if (row.requestedStartAt && row.requestedStartAt > now) {
      await scheduleWindow(tx, row, row.requestedStartAt, now, actor.id);
    } else {
      await openWindow(tx, row, now, actor.id);
    }
    return { request: await reload(tx, row.id), changed: true, approvals: { count, required } };
  });
}

function reload(tx: Prisma.TransactionClient, id: string): Promise<AccessRequest> {
  return tx.accessRequest.findUniqueOrThrow({ where: { id } });
}

/**
 * Distinct people (by email: one human may have two identities) who approved and still approve
 * this rule: an approval from someone who has since left the approver groups no longer counts.
 */
async function countApprovals(tx: Prisma.TransactionClient, requestId: string, rule: CatalogRule): Promise<number> {
  const approvals = await tx.review.findMany({
    where: { requestId, decision: "APPROVE" },
    select: { reviewer: { select: { id: true, email: true, name: true, groups: true } } },
  });
  const current = approvals.filter((a) => mayApproveRequest(a.reviewer, rule));
  return new Set(current.map((a) => a.reviewer.email.trim().toLowerCase())).size;
}
