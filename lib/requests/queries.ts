// Read models for the pages. Each lookup carries the viewer's rights in its where clause.
import { REVOCATION_APPLY, revocationJobKey } from "@/lib/access/revocation-jobs";
import { findRole } from "@/lib/catalog/load-catalog";
import type { CatalogAccount, CatalogRole } from "@/lib/catalog/schema";
import type { Deps } from "@/lib/context";
import type { AccessRequest, Issuance, Review, User } from "@/lib/generated/prisma/client";
import type { JobStatus, RequestStatus, RevocationStatus } from "@/lib/generated/prisma/enums";
import { approvableRoleIds, isAdmin, isSelfReview, mayApproveRole, type Actor } from "@/lib/policy/access";
import { mayRevoke } from "./revoke-request";
import { canTransition, effectiveStatus, isWindowOpen } from "./state";

type Person = Pick<User, "id" | "name" | "email">;

export interface RequestView {
  id: string;
  status: RequestStatus;
  requester: Person;
  role: CatalogRole | null;
  account: CatalogAccount | null;
  /** Shown when the role has left the catalog since the request was made. */
  roleId: string;
  accountId: string;
  justification: string;
  durationSeconds: number;
  createdAt: Date;
  decidedAt: Date | null;
  startsAt: Date | null;
  endsAt: Date | null;
  reviews: (Pick<Review, "decision" | "comment" | "createdAt"> & { reviewer: Person })[];
  issuances: Pick<Issuance, "kind" | "sessionName" | "sourceIdentity" | "assumedRoleId" | "expiresAt" | "createdAt">[];
}

export interface RequestPermissions {
  canDecide: boolean;
  isOwnRequest: boolean;
  canCancel: boolean;
  canUseAccess: boolean;
}

export interface RevocationView {
  status: RevocationStatus;
  roleArn: string;
  sourceIdentity: string;
  cutoff: Date;
  appliedAt: Date | null;
  removeAfter: Date;
  removedAt: Date | null;
  /** The outbox job putting the deny at AWS: retries and the last error while it is pending. */
  applyJob: { status: JobStatus; attempts: number; maxAttempts: number; lastError: string | null; nextTryAt: Date } | null;
}

/** How a grant was ended early, what that did at AWS, and who may end it now. */
export interface ClosingView {
  canRevoke: boolean;
  canEnd: boolean;
  closedAt: Date | null;
  closedBy: Person | null;
  reason: string | null;
  /** Whether Frontdesk may put deny statements on the role (catalog `managed`). */
  managed: boolean;
  revocation: RevocationView | null;
  /** When the last session issued for this request expires: what stays alive on an unmanaged role. */
  lastSessionExpiresAt: Date | null;
}

const person = { select: { id: true, name: true, email: true } } as const;
const viewInclude = {
  requester: person,
  reviews: { select: { decision: true, comment: true, createdAt: true, reviewer: person }, orderBy: { createdAt: "asc" } },
  issuances: {
    select: { kind: true, sessionName: true, sourceIdentity: true, assumedRoleId: true, expiresAt: true, createdAt: true },
    orderBy: { createdAt: "desc" },
  },
} as const;

function toView(
  request: AccessRequest & Pick<RequestView, "requester" | "reviews" | "issuances">,
  deps: Deps,
  now: Date,
): RequestView {
  const found = findRole(deps.catalog, request.roleId);
  return {
    ...request,
    status: effectiveStatus(request, now),
    role: found?.role ?? null,
    account: found?.account ?? null,
  };
}

export async function listMyRequests(deps: Deps, actor: Actor): Promise<RequestView[]> {
  const now = deps.now();
  const rows = await deps.db.accessRequest.findMany({
    where: { requesterId: actor.id },
    include: viewInclude,
    orderBy: { createdAt: "desc" },
    take: 100,
  });
  return rows.map((row) => toView(row, deps, now));
}

/** Pending requests this person may decide: roles they approve, never their own. */
export async function listPendingApprovals(deps: Deps, actor: Actor): Promise<RequestView[]> {
  const roleIds = approvableRoleIds(actor, deps.catalog);
  if (roleIds.length === 0) return [];
  const now = deps.now();
  const rows = await deps.db.accessRequest.findMany({
    where: { status: "PENDING", roleId: { in: roleIds }, requesterId: { not: actor.id } },
    include: viewInclude,
    orderBy: { createdAt: "asc" },
    take: 200,
  });
  return rows.map((row) => toView(row, deps, now));
}

/** Recently decided requests for the roles this person approves. */
export async function listDecidedForApprover(deps: Deps, actor: Actor): Promise<RequestView[]> {
  const roleIds = approvableRoleIds(actor, deps.catalog);
  if (roleIds.length === 0) return [];
  const now = deps.now();
  const rows = await deps.db.accessRequest.findMany({
    where: { status: { not: "PENDING" }, roleId: { in: roleIds } },
    include: viewInclude,
    orderBy: { decidedAt: "desc" },
    take: 50,
  });
  return rows.map((row) => toView(row, deps, now));
}

/**
 * One request as this person may see it: the requester, approvers of its role and admins.
 * Anyone else gets null, exactly as for an id that does not exist.
 */
export async function getRequestForViewer(
  deps: Deps,
  actor: Actor,
  requestId: string,
): Promise<{ request: RequestView; permissions: RequestPermissions; closing: ClosingView; events: TimelineEvent[] } | null> {
  const row = await deps.db.accessRequest.findUnique({ where: { id: requestId }, include: viewInclude });
  if (!row) return null;
  const found = findRole(deps.catalog, row.roleId);
  const isOwnRequest = isSelfReview(actor, row);
  const approves = found !== null && mayApproveRole(actor, found.role);
  if (!isOwnRequest && !approves && !isAdmin(actor, deps.catalog)) return null;

  const now = deps.now();
  const request = toView(row, deps, now);
  const closable = (to: RequestStatus) => canTransition(request.status, to);
  return {
    request,
    events: await loadTimeline(deps, row.id),
    closing: {
      ...(await loadClosing(deps, row)),
      canRevoke: closable("REVOKED") && mayRevoke(actor, deps, row),
      canEnd: closable("ENDED") && isOwnRequest,
      managed: found?.role.managed ?? false,
      lastSessionExpiresAt: row.issuances.reduce<Date | null>((latest, i) => (latest && latest > i.expiresAt ? latest : i.expiresAt), null),
    },
    permissions: {
      isOwnRequest,
      canDecide: approves && !isOwnRequest && row.status === "PENDING",
      canCancel: isOwnRequest && row.status === "PENDING",
      canUseAccess: isOwnRequest && found !== null && isWindowOpen(row, now),
    },
  };
}

async function loadClosing(
  deps: Deps,
  row: Pick<AccessRequest, "id" | "closedAt" | "closedById" | "closeReason">,
): Promise<Pick<ClosingView, "closedAt" | "closedBy" | "reason" | "revocation">> {
  const [closedBy, revocation] = await Promise.all([
    row.closedById ? deps.db.user.findUnique({ where: { id: row.closedById }, select: person.select }) : null,
    deps.db.revocation.findUnique({ where: { requestId: row.id } }),
  ]);
  const job = revocation && (await deps.db.job.findUnique({ where: { key: revocationJobKey(REVOCATION_APPLY, revocation.id) } }));
  return {
    closedAt: row.closedAt,
    closedBy,
    reason: row.closeReason,
    revocation: revocation && {
      status: revocation.status,
      roleArn: revocation.roleArn,
      sourceIdentity: revocation.sourceIdentity,
      cutoff: revocation.cutoff,
      appliedAt: revocation.appliedAt,
      removeAfter: revocation.removeAfter,
      removedAt: revocation.removedAt,
      applyJob: job && { status: job.status, attempts: job.attempts, maxAttempts: job.maxAttempts, lastError: job.lastError, nextTryAt: job.runAt },
    },
  };
}

/** One audit event of a request, with the name of whoever caused it. */
export interface TimelineEvent {
  seq: string;
  at: Date;
  action: string;
  result: string;
  actorName: string | null;
  data: Record<string, unknown>;
}

/** The request's own audit trail, oldest first: the timeline is the audit record itself. */
async function loadTimeline(deps: Deps, requestId: string): Promise<TimelineEvent[]> {
  const events = await deps.db.auditEvent.findMany({ where: { requestId }, orderBy: { seq: "asc" }, take: 500 });
  const actorIds = [...new Set(events.map((e) => e.actorId).filter((id): id is string => id !== null))];
  const actors = await deps.db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } });
  const names = new Map(actors.map((a) => [a.id, a.name]));
  return events.map((e) => ({
    seq: e.seq.toString(),
    at: e.at,
    action: e.action,
    result: e.result,
    actorName: e.actorId ? (names.get(e.actorId) ?? "someone no longer known") : null,
    data: (e.data ?? {}) as Record<string, unknown>,
  }));
}
