import { auditRefusals } from "@/lib/audit/audit-refusals";
import { limitsOf, type Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy/access";
import { evaluateRevoke } from "@/lib/policy/evaluate-decision";
import { canEvery, requestSubject } from "@/lib/policy/permissions";
import { fieldErrorsOf } from "./request-input";
import { closeGrant, closeSetGrants, type CloseGrantResult } from "./close-grant";
import { revokeSchema, type RevokeInput } from "./close-input";

export interface RevokeRequestOptions extends RevokeInput {
  actor: Actor;
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
    select: { ruleId: true, requesterId: true, extendsId: true, setId: true, requester: { select: { email: true } } },
  });
  const request = row && requestSubject(row).request;
  // A set is revoked whole: the revoker must be allowed to revoke every role in it.
  const subjects = row?.setId ? await setSubjects(deps, row.setId) : request ? [{ request }] : [];
  const refusal = evaluateRevoke({
    actor,
    request,
    mayRevoke: canEvery(actor, "request.revoke", subjects, deps.catalog),
    now: deps.now(),
    recentAuthSeconds: limitsOf(deps).recentAuthSeconds,
  });
  if (refusal || !row) throw new AppError(refusal?.code ?? "NOT_FOUND", refusal?.message ?? "No such request.", refusal?.fields);
  if (row.setId) return closeSetGrants(deps, { actor, setId: row.setId, to: "REVOKED", reason });
  // Revoking an extension revokes the access it lengthened.
  return closeGrant(deps, { actor, requestId: row.extendsId ?? requestId, to: "REVOKED", reason });
}

/** Every member of a set as the permissions table sees a request. */
export async function setSubjects(deps: Deps, setId: string) {
  const members = await deps.db.accessRequest.findMany({
    where: { setId },
    select: { ruleId: true, requesterId: true, requester: { select: { email: true } } },
  });
  return members.map(requestSubject);
}
