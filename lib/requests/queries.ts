// Read models for the pages. Each lookup carries the viewer's rights in its where clause.
import { revealHiddenCharacters, textProblem } from "@/lib/input/safe-text";
import { REVOCATION_APPLY, revocationJobKey } from "@/lib/access/revocation-jobs";
import { revokesAtAws } from "@/lib/catalog/management";
import { findRole } from "@/lib/catalog/rules";
import { AppError } from "@/lib/errors";
import type { Deps } from "@/lib/context";
import type { AccessRequest, User } from "@/lib/generated/prisma/client";
import { toRequestViews, type RequestView } from "./request-view";
import { loadRequestViewRows, type RequestViewRow } from "./request-view-rows";
import type { JobStatus, RequestStatus, RevocationStatus } from "@/lib/generated/prisma/enums";
import { approvableRuleIds, isAdmin, type Actor } from "@/lib/policy/access";
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
/** Lists show roles asked for together once: by the member that speaks for the set. */
const oncePerSet = { OR: [{ setIndex: null }, { setIndex: 0 }] };
const ids = (rows: readonly { id: string }[]) => rows.map((row) => row.id);

/** The person's latest requests for the My access page, newest first, a set of roles once. */
export async function listMyRequests(deps: Deps, actor: Actor): Promise<RequestView[]> {
  const now = deps.now();
  const page = await deps.db.accessRequest.findMany({
    where: { requesterId: actor.id, ...oncePerSet },
    select: { id: true },
    orderBy: { createdAt: "desc" },
    take: 100,
  });
  return toRequestViews(deps.db, await loadRequestViewRows(deps.db, ids(page)), deps.catalog, now);
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

export interface PendingApproval extends RequestView {
  /** Whether this person has already approved it (it waits for others). */
  approvedByMe: boolean;
  /** The requester's latest other requests for the same role, newest first. */
  recentForRole: Pick<RequestView, "id" | "status" | "createdAt" | "durationSeconds" | "justification" | "kind">[];
}

export const PENDING_PAGE = 50;
export const HISTORY_PAGE = 20;

/** A page after the one that ended with this request (the id of its last item); the first page without. */
export interface PageAfter {
  after?: string | null;
}

/** Keyset paging on (order column, id): the cursor row's own position, read in the same statement. */
const pageAfter = (after: string | null | undefined): { cursor?: { id: string }; skip?: number } => (after ? { cursor: { id: after }, skip: 1 } : {});

/** Pending requests this person may decide: rules they approve, never their own. */
export async function listPendingApprovals(deps: Deps, actor: Actor, page: PageAfter = {}): Promise<PendingApproval[]> {
  const ruleIds = approvableRuleIds(actor, deps.catalog);
  if (ruleIds.length === 0) return [];
  const now = deps.now();
  const queue = await deps.db.accessRequest.findMany({
    // Never one's own, under this identity or another with the same email.
    where: {
      status: "PENDING",
      ruleId: { in: ruleIds },
      requesterId: { not: actor.id },
      NOT: { requester: { email: { equals: actor.email, mode: "insensitive" } } },
      ...oncePerSet,
    },
    select: { id: true, requesterId: true, roleId: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    // A page, oldest first (index AccessRequest(status, ruleId, createdAt)): what waits longest is decided first.
    take: PENDING_PAGE,
    ...pageAfter(page.after),
  });
  const [rows, history] = await Promise.all([loadRequestViewRows(deps.db, ids(queue)), recentForRoles(deps, queue)]);
  const views = await toRequestViews(deps.db, rows, deps.catalog, now);
  return rows.map((row, i) => ({
    ...views[i]!,
    approvedByMe: row.reviews.some((r) => r.reviewerId === actor.id),
    recentForRole: (history.get(pairKey(row)) ?? []).map((h) => ({
      ...h,
      justification: revealHiddenCharacters(h.justification),
      status: effectiveStatus(h, now),
    })),
  }));
}

const RECENT_FOR_ROLE = 5;
type RecentRow = Pick<AccessRequest, "id" | "requesterId" | "roleId" | "status" | "endsAt" | "createdAt" | "durationSeconds" | "justification" | "kind">;
const pairKey = (row: Pick<AccessRequest, "requesterId" | "roleId">) => `${row.requesterId}\u0000${row.roleId}`;

/**
 * Each requester's latest other requests for the role of each row (the rows themselves left out),
 * newest first, in one statement: every (requester, role) pair gets its own few, so one prolific
 * requester cannot crowd out the others.
 */
async function recentForRoles(deps: Deps, rows: readonly Pick<AccessRequest, "id" | "requesterId" | "roleId">[]): Promise<Map<string, RecentRow[]>> {
  const pairs = [...new Map(rows.map((r) => [pairKey(r), r])).values()];
  if (pairs.length === 0) return new Map();
  const found = await deps.db.$queryRaw<RecentRow[]>`
    SELECT r.id, r."requesterId", r."roleId", r.status, r."endsAt", r."createdAt", r."durationSeconds", r.justification, r.kind
    FROM unnest(${pairs.map((p) => p.requesterId)}::text[], ${pairs.map((p) => p.roleId)}::text[]) AS p("requesterId", "roleId")
    CROSS JOIN LATERAL (
      SELECT * FROM "AccessRequest" a
      WHERE a."requesterId" = p."requesterId" AND a."roleId" = p."roleId" AND a.id <> ALL(${ids(rows)}::text[])
      ORDER BY a."createdAt" DESC, a.id DESC
      LIMIT ${RECENT_FOR_ROLE}
    ) r`;
  const byPair = new Map<string, RecentRow[]>();
  for (const row of found) byPair.set(pairKey(row), [...(byPair.get(pairKey(row)) ?? []), row]);
  return byPair;
}

/** Recently decided requests under the rules this person approves. */
export async function listDecidedForApprover(deps: Deps, actor: Actor, page: PageAfter = {}): Promise<RequestView[]> {
  const ruleIds = approvableRuleIds(actor, deps.catalog);
  if (ruleIds.length === 0) return [];
  const now = deps.now();
  const found = await deps.db.accessRequest.findMany({
    // Every move out of PENDING stamps decidedAt, so the cursor's position is never null.
    where: { status: { not: "PENDING" }, ruleId: { in: ruleIds }, ...oncePerSet },
    select: { id: true },
    orderBy: [{ decidedAt: "desc" }, { id: "desc" }],
    take: HISTORY_PAGE,
    ...pageAfter(page.after),
  });
  return toRequestViews(deps.db, await loadRequestViewRows(deps.db, ids(found)), deps.catalog, now);
}

export interface ReviewTaskView {
  id: string;
  status: "OPEN" | "DONE";
  createdAt: Date;
  completedAt: Date | null;
  completedBy: Person | null;
  notes: string | null;
  request: RequestView;
}

/** Break-glass reviews under the rules this person approves (admins see all), open ones first. */
export async function listReviewTasks(deps: Deps, actor: Actor): Promise<ReviewTaskView[]> {
  const admin = isAdmin(actor, deps.catalog);
  const ruleIds = approvableRuleIds(actor, deps.catalog);
  if (!admin && ruleIds.length === 0) return [];
  const now = deps.now();
  const tasks = await deps.db.reviewTask.findMany({
    where: admin ? {} : { request: { ruleId: { in: ruleIds } } },
    orderBy: [{ status: "asc" }, { createdAt: "desc" }],
    take: 100,
  });
  const reviewerIds = [...new Set(tasks.map((t) => t.completedById).filter((id): id is string => id !== null))];
  const [rows, reviewers] = await Promise.all([
    loadRequestViewRows(
      deps.db,
      tasks.map((t) => t.requestId),
    ),
    reviewerIds.length === 0 ? [] : deps.db.user.findMany({ where: { id: { in: reviewerIds } }, select: person.select }),
  ]);
  const views = new Map((await toRequestViews(deps.db, rows, deps.catalog, now)).map((view) => [view.id, view]));
  const people = new Map(reviewers.map((p) => [p.id, p]));
  return tasks.map((task) => ({
    ...task,
    completedBy: task.completedById ? (people.get(task.completedById) ?? null) : null,
    request: views.get(task.requestId)!,
  }));
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
  // An id no request can have (NUL, controls, overlong) is simply not found.
  if (requestId.length > 64 || textProblem(requestId)) return null;
  const [row] = await loadRequestViewRows(deps.db, [requestId]);
  if (!row) return null;
  const found = findRole(deps.catalog, row.roleId);
  const subject = requestSubject(row);
  // Roles asked for together are decided and revoked together: allowed when allowed for every one.
  const subjects = row.setId ? await setSubjects(deps, row.setId) : [subject];
  const allowed = (action: PermissionAction) =>
    action === "request.view" ? can(actor, action, subject, deps.catalog) : canEvery(actor, action, subjects, deps.catalog);
  // Anyone who may not see it gets null, exactly as for an id that does not exist.
  if (!allowed("request.view")) return null;
  const isOwnRequest = allowed("request.use");

  const now = deps.now();
  const [request] = await toRequestViews(deps.db, [row], deps.catalog, now);
  if (!request) return null;
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
