// Read models for the pages. Each lookup carries the viewer's rights in its where clause.
import { findRole } from "@/lib/catalog/load-catalog";
import type { CatalogAccount, CatalogRole } from "@/lib/catalog/schema";
import type { Deps } from "@/lib/context";
import type { AccessRequest, Issuance, Review, User } from "@/lib/generated/prisma/client";
import type { RequestStatus } from "@/lib/generated/prisma/enums";
import { approvableRoleIds, isAdmin, isSelfReview, mayApproveRole, type Actor } from "@/lib/policy/access";
import { effectiveStatus, isWindowOpen } from "./state";

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
  issuances: Pick<Issuance, "kind" | "sessionName" | "expiresAt" | "createdAt">[];
}

export interface RequestPermissions {
  canDecide: boolean;
  isOwnRequest: boolean;
  canCancel: boolean;
  canUseAccess: boolean;
}

const person = { select: { id: true, name: true, email: true } } as const;
const viewInclude = {
  requester: person,
  reviews: { select: { decision: true, comment: true, createdAt: true, reviewer: person }, orderBy: { createdAt: "asc" } },
  issuances: { select: { kind: true, sessionName: true, expiresAt: true, createdAt: true }, orderBy: { createdAt: "desc" } },
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
): Promise<{ request: RequestView; permissions: RequestPermissions } | null> {
  const row = await deps.db.accessRequest.findUnique({ where: { id: requestId }, include: viewInclude });
  if (!row) return null;
  const found = findRole(deps.catalog, row.roleId);
  const isOwnRequest = isSelfReview(actor, row);
  const approves = found !== null && mayApproveRole(actor, found.role);
  if (!isOwnRequest && !approves && !isAdmin(actor, deps.catalog)) return null;

  const now = deps.now();
  const request = toView(row, deps, now);
  return {
    request,
    permissions: {
      isOwnRequest,
      canDecide: approves && !isOwnRequest && row.status === "PENDING",
      canCancel: isOwnRequest && row.status === "PENDING",
      canUseAccess: isOwnRequest && found !== null && isWindowOpen(row, now),
    },
  };
}
