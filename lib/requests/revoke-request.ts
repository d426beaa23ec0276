import { auditRefusals } from "@/lib/audit/audit-refusals";
import { ruleById } from "@/lib/catalog/rules";
import { assertRecentSignIn } from "@/lib/auth/freshness";
import { limitsOf, type Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { isAdmin, isSelfReview, mayApproveRequest, type Actor } from "@/lib/policy/access";
import { fieldErrorsOf } from "./request-input";
import { closeGrant, type CloseGrantResult } from "./close-grant";
import { revokeSchema, type RevokeInput } from "./close-input";

export interface RevokeRequestOptions extends RevokeInput {
  actor: Actor;
}

/** Whether this person may revoke others' grants: the approvers of the grant's rule and catalog admins. */
export function mayRevoke(actor: Actor, deps: Pick<Deps, "catalog">, request: { ruleId: string; requesterId: string; requesterEmail?: string }): boolean {
  if (isSelfReview(actor, request)) return false;
  const rule = ruleById(deps.catalog, request.ruleId);
  return (rule !== undefined && mayApproveRequest(actor, rule)) || isAdmin(actor, deps.catalog);
}

/**
 * An approver or admin takes someone's access away before its window ends, with a reason. The
 * requester ends their own access with endRequest instead, so every revocation is someone else's
 * decision.
 */
export function revokeRequest(deps: Deps, options: RevokeRequestOptions): Promise<CloseGrantResult> {
  const id = String(options.requestId);
  return auditRefusals(deps, { actorId: options.actor.id, action: "request.revoke", targetType: "request", targetId: id, requestId: id }, () =>
    revoke(deps, options),
  );
}

async function revoke(deps: Deps, options: RevokeRequestOptions): Promise<CloseGrantResult> {
  const parsed = revokeSchema.safeParse(options);
  if (!parsed.success) throw new AppError("INVALID_INPUT", parsed.error.issues[0]?.message ?? "Invalid revocation.", fieldErrorsOf(parsed.error));
  const { actor } = options;
  const { requestId, reason } = parsed.data;

  const row = await deps.db.accessRequest.findUnique({
    where: { id: requestId },
    select: { ruleId: true, requesterId: true, extendsId: true, requester: { select: { email: true } } },
  });
  const request = row && { ...row, requesterEmail: row.requester.email };
  if (request && isSelfReview(actor, request)) {
    throw new AppError("FORBIDDEN", "You cannot revoke your own access. Use “I'm done” to end it.");
  }
  if (!request || !mayRevoke(actor, deps, request)) {
    throw new AppError("NOT_FOUND", "No such request, or you do not approve this role.");
  }
  assertRecentSignIn(actor, deps.now(), limitsOf(deps).recentAuthSeconds);
  // Revoking an extension revokes the access it lengthened.
  return closeGrant(deps, { actor, requestId: request.extendsId ?? requestId, to: "REVOKED", reason });
}
