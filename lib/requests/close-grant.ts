// Ending a grant early, by revocation or by the requester: the status change, its audit event
// and (for a role Frontdesk manages) the revocation at AWS with its outbox jobs, all in one
// transaction under the row lock that minting takes too. A session minted concurrently is
// either recorded first (and predates the deny's cutoff) or refused.
import { auditedTransaction, recordAuditEvent } from "@/lib/audit/record-audit-event";
import { REVOCATION_APPLY, REVOCATION_MAX_ATTEMPTS, REVOCATION_REMOVE, revocationJobKey } from "@/lib/access/revocation-jobs";
import { planRevocation } from "@/lib/access/revocation-window";
import { buildSourceIdentity } from "@/lib/access/session-params";
import { revokesAtAws } from "@/lib/catalog/management";
import { mintModeFor } from "@/lib/catalog/mint-mode";
import { TOKEN_LIFETIME_SECONDS } from "@/lib/federation/settings";
import { findRole } from "@/lib/catalog/rules";
import type { Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { Prisma, Revocation } from "@/lib/generated/prisma/client";
import type { RequestStatus } from "@/lib/generated/prisma/enums";
import { queueJob } from "@/lib/jobs/enqueue-job";
import type { Actor } from "@/lib/policy/access";
import { canTransition, effectiveStatus } from "./state";
import { lockRequest, transition } from "./transition";
import { closeExtensions } from "./timer-jobs";

export interface CloseGrantResult {
  /** False when the grant was already closed this way: repeating is harmless. */
  changed: boolean;
  status: RequestStatus;
  /** The deny at AWS, when the role is managed. */
  revocation: Revocation | null;
}

interface LockedRow {
  status: RequestStatus;
  startsAt: Date | null;
  endsAt: Date | null;
  requesterId: string;
  roleId: string;
}

const DESCRIBED: Record<RequestStatus, string> = {
  PENDING: "still pending",
  APPROVED: "approved",
  ACTIVE: "active",
  ENDED: "already over",
  DENIED: "denied",
  CANCELLED: "cancelled",
  EXPIRED: "expired",
  REVOKED: "already revoked",
};

export async function closeGrant(
  deps: Deps,
  { actor, requestId, to, reason }: { actor: Actor; requestId: string; to: "REVOKED" | "ENDED"; reason: string | null },
): Promise<CloseGrantResult> {
  return auditedTransaction(deps.db, (tx) => closeOne(tx, deps, { actor, requestId, to, reason, now: deps.now() }));
}

/**
 * Ends every grant of a set (several roles asked for together) in one transaction, each with its
 * own audit event and revocation at AWS. A member already over (its window ran out, or it was closed
 * on its own) is left as it is; the result is the first member's.
 */
export async function closeSetGrants(
  deps: Deps,
  { actor, setId, to, reason }: { actor: Actor; setId: string; to: "REVOKED" | "ENDED"; reason: string | null },
): Promise<CloseGrantResult> {
  const now = deps.now();
  return auditedTransaction(deps.db, async (tx) => {
    const members = await tx.accessRequest.findMany({ where: { setId }, orderBy: { setIndex: "asc" }, select: { id: true } });
    const results: CloseGrantResult[] = [];
    const refusals: AppError[] = [];
    for (const { id } of members) {
      try {
        results.push(await closeOne(tx, deps, { actor, requestId: id, to, reason, now }));
      } catch (error) {
        // Only a state refusal is skipped; it throws before the member changes anything.
        if (!(error instanceof AppError) || error.code !== "CONFLICT") throw error;
        refusals.push(error);
      }
    }
    const first = results.find((result) => result.changed) ?? results[0];
    if (!first) throw refusals[0] ?? new AppError("NOT_FOUND", "No such request.");
    return first;
  });
}

async function closeOne(
  tx: Prisma.TransactionClient,
  deps: Deps,
  { actor, requestId, to, reason, now }: { actor: Actor; requestId: string; to: "REVOKED" | "ENDED"; reason: string | null; now: Date },
): Promise<CloseGrantResult> {
  const row = await lockRequest(tx, requestId);
  if (!row) throw new AppError("NOT_FOUND", "No such request.");
  const status = effectiveStatus(row, now);
  if (status === to) {
    const revocation = await tx.revocation.findUnique({ where: { requestId } });
    return { changed: false, status, revocation };
  }
  // The row lock (taken above, and again by the gate) is what orders this against minting.
  const result = await transition(tx, requestId, {
    to,
    now,
    // A grant past its end has ended even before the end timer records it.
    when: (locked) => canTransition(effectiveStatus(locked, now), to),
    data: { closedAt: now, closedById: actor.id, closeReason: reason },
    audit: { actorId: actor.id, action: to === "REVOKED" ? "request.revoked" : "request.ended", data: { from: row.status, reason } },
    notify: { event: to === "REVOKED" ? "revoked" : "ended", actorId: actor.id },
  });
  if (!result.changed) {
    throw new AppError("CONFLICT", `This access is ${DESCRIBED[status]}, so it cannot be ${to === "REVOKED" ? "revoked" : "ended"}.`);
  }
  await closeExtensions(tx, requestId, to, now, actor.id);
  const revocation = await scheduleRevocation(tx, deps, { actor, requestId, row, now });
  return { changed: true, status: to, revocation };
}

/** Whole seconds, or the catalog's busy ceiling once the role has many live early endings (issue 18). */
async function revocationCeiling(tx: Prisma.TransactionClient, deps: Deps, roleArn: string, now: Date): Promise<number> {
  const { busyAfter, busyCeilingSeconds } = deps.catalog.revocation;
  const live = await tx.revocation.count({ where: { roleArn, status: { in: ["PENDING", "APPLIED"] }, removeAfter: { gt: now } } });
  return live >= busyAfter ? busyCeilingSeconds : 1;
}

async function scheduleRevocation(
  tx: Prisma.TransactionClient,
  deps: Deps,
  { actor, requestId, row, now }: { actor: Actor; requestId: string; row: LockedRow; now: Date },
): Promise<Revocation | null> {
  const role = findRole(deps.catalog, row.roleId)?.role;
  if (!role || !revokesAtAws(deps.catalog, role)) return null;

  // The identity AWS recorded on the sessions handed out; the one the next would carry otherwise.
  const issued = await tx.issuance.findFirst({ where: { requestId }, orderBy: { createdAt: "desc" }, select: { sourceIdentity: true } });
  const requester = await tx.user.findUniqueOrThrow({ where: { id: row.requesterId }, select: { email: true } });
  const sourceIdentity = issued?.sourceIdentity ?? buildSourceIdentity(requester);
  const { cutoff, removeAfter } = planRevocation({
    now,
    roleMaxSessionSeconds: role.maxSessionDuration,
    // A federated role's token or assertion signed before now can be replayed to STS while it lives.
    replayableSeconds: mintModeFor(deps.catalog, role) === "assume-role" ? 0 : (deps.identityProvider?.tokenLifetimeSeconds ?? TOKEN_LIFETIME_SECONDS),
    ceilingSeconds: await revocationCeiling(tx, deps, role.arn, now),
  });

  const revocation = await tx.revocation.create({
    data: { requestId, roleArn: role.arn, sourceIdentity, cutoff, removeAfter, createdAt: now },
  });
  const payload = { revocationId: revocation.id, roleArn: role.arn };
  await queueJob(tx, {
    kind: REVOCATION_APPLY,
    payload,
    key: revocationJobKey(REVOCATION_APPLY, revocation.id),
    runAt: now,
    maxAttempts: REVOCATION_MAX_ATTEMPTS,
  });
  await queueJob(tx, {
    kind: REVOCATION_REMOVE,
    payload,
    key: revocationJobKey(REVOCATION_REMOVE, revocation.id),
    runAt: removeAfter,
    maxAttempts: REVOCATION_MAX_ATTEMPTS,
  });
  await recordAuditEvent(
    tx,
    {
      actorId: actor.id,
      action: "revocation.requested",
      targetType: "revocation",
      targetId: revocation.id,
      requestId,
      data: { roleArn: role.arn, sourceIdentity, cutoff: cutoff.toISOString(), removeAfter: removeAfter.toISOString() },
    },
    now,
  );
  return revocation;
}
