// Read models for the pages. Each lookup carries the viewer's rights in its where clause.
import { textProblem } from "@/lib/input/safe-text";
import { REVOCATION_APPLY, revocationJobKey } from "@/lib/access/revocation-jobs";
import { revokesAtAws } from "@/lib/catalog/management";
import { findRole } from "@/lib/catalog/rules";
import { AppError } from "@/lib/errors";
import type { Deps } from "@/lib/context";
import { Prisma, type AccessRequest, type User } from "@/lib/generated/prisma/client";
import { toRequestViews, type RequestView } from "./request-view";
import { loadRequestViewRows, ONCE_PER_SET, queryRequestViewRows, type RequestViewRow } from "./request-view-rows";
import type { JobStatus, RequestStatus, RevocationStatus } from "@/lib/generated/prisma/enums";
import type { Actor } from "@/lib/policy/access";
import { can, canEvery, type PermissionAction, requestSubject } from "@/lib/policy/permissions";
import { setSubjects } from "./revoke-request";
import { canTransition, effectiveStatus, isWindowOpen } from "./state";
import { loadTimeline, type TimelineEvent } from "./timeline";

type Person = Pick<User, "id" | "name" | "email">;

export interface RequestPermissions {
  canDecide: boolean;
  /** This approver already approved; the request waits for others. */
  approvedByMe: boolean;
  isOwnRequest: boolean;
  canCancel: boolean;
  canUseAccess: boolean;
  /** The requester may ask for more time on this active grant. */
  canExtend: boolean;
  /** This person may mark the break-glass review done. */
  canCompleteReview: boolean;
}

/** How a request relates to others: the grant an extension lengthens, and a grant's extensions. */
export interface RelatedRequests {
  extends: { id: string; status: RequestStatus; endsAt: Date | null } | null;
  extensions: { id: string; status: RequestStatus; durationSeconds: number; createdAt: Date }[];
  reviewTask: { id: string; status: "OPEN" | "DONE"; completedAt: Date | null; notes: string | null; completedBy: Person | null } | null;
}

interface RevocationView {
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
const ids = (rows: readonly { id: string }[]) => rows.map((row) => row.id);

// The approver's lists live in their own file; these names are where the pages and tests find them.
export {
  HISTORY_PAGE,
  listDecidedForApprover,
  listPendingApprovals,
  listReviewTasks,
  PENDING_PAGE,
  type PageAfter,
  type PendingApproval,
  type ReviewTaskView,
} from "./approver-lists";

/** The person's latest requests for the My access page, newest first, a set of roles once. */
export async function listMyRequests(deps: Deps, actor: Actor): Promise<RequestView[]> {
  const rows = await queryRequestViewRows(
    deps.db,
    Prisma.sql`
      SELECT a.id, row_number() OVER (ORDER BY a."createdAt" DESC, a.id DESC) AS n
      FROM "AccessRequest" a
      WHERE a."requesterId" = ${actor.id} AND ${ONCE_PER_SET}
      ORDER BY a."createdAt" DESC, a.id DESC
      LIMIT 100`,
  );
  return toRequestViews(deps.db, rows, deps.catalog, deps.now());
}

/** A page of the person's own requests for the API, newest first, every role of a set its own item (a grant each); the cursor is the last id of the page before. */
export async function pageMyRequests(
  deps: Deps,
  actor: Actor,
  options: { cursor?: string; limit: number },
): Promise<{ items: RequestView[]; nextCursor: string | null }> {
  // Keyset on (createdAt, id) from the cursor's own row, looked up among the person's requests only.
  const after = options.cursor
    ? await deps.db.accessRequest.findFirst({ where: { id: options.cursor, requesterId: actor.id }, select: { id: true, createdAt: true } })
    : null;
  if (options.cursor && !after) throw new AppError("INVALID_INPUT", "That cursor does not belong to this list. Start again without one.");
  const page = await deps.db.accessRequest.findMany({
    where: {
      requesterId: actor.id,
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    select: { id: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit + 1,
  });
  const more = page.length > options.limit;
  const rows = await loadRequestViewRows(deps.db, ids(page.slice(0, options.limit)));
  const items = await toRequestViews(deps.db, rows, deps.catalog, deps.now());
  return { items, nextCursor: more ? (items.at(-1)?.id ?? null) : null };
}

/**
 * The request alone, without its timeline, related requests or closing details, for exactly the
 * viewers getRequestForViewer serves (the API answers with this: one query instead of a dozen).
 */
export async function getRequestSummaryForViewer(deps: Deps, actor: Actor, requestId: string): Promise<RequestView | null> {
  return (await loadVisible(deps, actor, requestId))?.request ?? null;
}

/** The row and its view when this person may see the request; null otherwise, as for an id that does not exist. */
async function loadVisible(deps: Deps, actor: Actor, requestId: string) {
  // An id no request can have (NUL, controls, overlong) is simply not found.
  if (requestId.length > 64 || textProblem(requestId)) return null;
  const [row] = await loadRequestViewRows(deps.db, [requestId]);
  if (!row) return null;
  const subject = requestSubject(row);
  // Roles asked for together are decided and revoked together: allowed when allowed for every one.
  const subjects = row.setId ? await setSubjects(deps, row.setId) : [subject];
  const allowed = (action: PermissionAction) =>
    action === "request.view" ? can(actor, action, subject, deps.catalog) : canEvery(actor, action, subjects, deps.catalog);
  if (!allowed("request.view")) return null;
  const [request] = await toRequestViews(deps.db, [row], deps.catalog, deps.now());
  return request ? { row, request, allowed } : null;
}

/**
 * One request as this person may see it: the requester, approvers of its role and admins.
 * Anyone else gets null, exactly as for an id that does not exist.
 */
export async function getRequestForViewer(
  deps: Deps,
  actor: Actor,
  requestId: string,
): Promise<{ request: RequestView; permissions: RequestPermissions; closing: ClosingView; events: TimelineEvent[]; related: RelatedRequests } | null> {
  const visible = await loadVisible(deps, actor, requestId);
  if (!visible) return null;
  const { row, request, allowed } = visible;
  const found = findRole(deps.catalog, row.roleId);
  const isOwnRequest = allowed("request.use");
  const now = deps.now();
  const closable = (to: RequestStatus) => canTransition(request.status, to);
  const related = await loadRelated(deps, row, now);
  const approvedByMe = row.reviews.some((r) => r.reviewer.id === actor.id);
  const pendingExtension = related.extensions.some((e) => e.status === "PENDING");
  return {
    request,
    related,
    // A set's page tells the whole set's story, whichever role's page it is.
    events: await loadTimeline(deps, request.set?.members ?? [{ id: row.id, roleName: request.role?.name ?? row.roleId }]),
    closing: {
      ...(await loadClosing(deps, row)),
      canRevoke: closable("REVOKED") && allowed("request.revoke"),
      canEnd: closable("ENDED") && allowed("request.end"),
      managed: found ? revokesAtAws(deps.catalog, found.role) : false,
      lastSessionExpiresAt: row.issuances.reduce<Date | null>((latest, i) => (latest && latest > i.expiresAt ? latest : i.expiresAt), null),
    },
    permissions: {
      isOwnRequest,
      canDecide: allowed("request.decide") && row.status === "PENDING" && !approvedByMe,
      approvedByMe,
      canCancel: allowed("request.cancel") && row.status === "PENDING",
      canUseAccess: allowed("request.use") && found !== null && isWindowOpen(row, now),
      canExtend: allowed("request.extend") && row.kind !== "EXTENSION" && isWindowOpen(row, now) && !pendingExtension,
      canCompleteReview: related.reviewTask?.status === "OPEN" && allowed("review.complete"),
    },
  };
}

async function loadRelated(deps: Deps, row: Pick<AccessRequest, "id" | "extendsId" | "setId">, now: Date): Promise<RelatedRequests> {
  const [parent, extensions, task] = await Promise.all([
    row.extendsId ? deps.db.accessRequest.findUnique({ where: { id: row.extendsId }, select: { id: true, status: true, endsAt: true } }) : null,
    deps.db.accessRequest.findMany({
      where: { extendsId: row.id },
      select: { id: true, status: true, endsAt: true, durationSeconds: true, createdAt: true },
      orderBy: { createdAt: "asc" },
    }),
    // A set's break-glass review is one for all its roles (on its first role), seen from every role's page.
    row.setId
      ? deps.db.reviewTask.findFirst({ where: { request: { setId: row.setId } }, orderBy: { createdAt: "asc" } })
      : deps.db.reviewTask.findUnique({ where: { requestId: row.id } }),
  ]);
  const completedBy = task?.completedById ? await deps.db.user.findUnique({ where: { id: task.completedById }, select: person.select }) : null;
  return {
    extends: parent && { ...parent, status: effectiveStatus(parent, now) },
    extensions: extensions.map((e) => ({ ...e, status: effectiveStatus(e, now) })),
    reviewTask: task && { id: task.id, status: task.status, completedAt: task.completedAt, notes: task.notes, completedBy },
  };
}

async function loadClosing(
  deps: Deps,
  row: Pick<RequestViewRow, "id" | "closedAt" | "closedBy" | "closeReason">,
): Promise<Pick<ClosingView, "closedAt" | "closedBy" | "reason" | "revocation">> {
  const revocation = await deps.db.revocation.findUnique({ where: { requestId: row.id } });
  const job = revocation && (await deps.db.job.findUnique({ where: { key: revocationJobKey(REVOCATION_APPLY, revocation.id) } }));
  return {
    closedAt: row.closedAt,
    closedBy: row.closedBy,
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
