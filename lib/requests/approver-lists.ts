// What an approver's page lists: the queue of pending requests they may decide, the history of
// decided ones, and break-glass reviews. Each list is one statement: its page of rows (the where
// clause carries the approver's rights), with everything the views need.
import type { Deps } from "@/lib/context";
import { Prisma } from "@/lib/generated/prisma/client";
import { revealHiddenCharacters } from "@/lib/input/safe-text";
import { approvableRuleIds, isAdmin, isSelfReview, type Actor } from "@/lib/policy/access";
import { toRequestViews, type PersonView, type RequestView } from "./request-view";
import { fromJsonTime, jsonTime, ONCE_PER_SET, parsedJson, queryRequestViewRows, type RequestViewRow } from "./request-view-rows";
import { effectiveStatus } from "./state";

export interface PendingApproval extends RequestView {
  /** Whether this person has already approved it (it waits for others). */
  approvedByMe: boolean;
  /** The requester's latest other requests for the same role, newest first. */
  recentForRole: Pick<RequestView, "id" | "status" | "createdAt" | "durationSeconds" | "justification" | "kind">[];
}

export const PENDING_PAGE = 20;
export const HISTORY_PAGE = 10;
const RECENT_FOR_ROLE = 5;

/** A page after the one that ended with this request (the id of its last item); the first page without. */
export interface PageAfter {
  after?: string | null;
}

/**
 * The cursor's own row, among the requests under these rules only (a foreign id places nothing):
 * its columns, or NULLs when there is no such row, which ends the list.
 */
const cursorRow = (after: string, ruleIds: string[], columns: Prisma.Sql) =>
  Prisma.sql`(SELECT ${columns} FROM "AccessRequest" c WHERE c.id = ${after} AND c."ruleId" IN (${Prisma.join(ruleIds)}))`;

/** The requester's latest requests for the same role, other than those on the page: a few for each. */
const RECENT_FOR_ROLE_COLUMN = Prisma.sql`, COALESCE((
    SELECT json_agg(json_build_object(
      'id', h.id, 'status', h.status, 'createdAt', ${jsonTime(Prisma.sql`h."createdAt"`)}, 'endsAt', ${jsonTime(Prisma.sql`h."endsAt"`)},
      'durationSeconds', h."durationSeconds", 'justification', h.justification, 'kind', h.kind
    ) ORDER BY h."createdAt" DESC, h.id DESC)
    FROM (
      SELECT h.id, h.status, h."createdAt", h."endsAt", h."durationSeconds", h.justification, h.kind FROM "AccessRequest" h
      WHERE h."requesterId" = a."requesterId" AND h."roleId" = a."roleId" AND h.id NOT IN (SELECT id FROM page)
      ORDER BY h."createdAt" DESC, h.id DESC
      LIMIT ${RECENT_FOR_ROLE}
    ) h
  ), '[]') AS "recentForRole"`;

interface RecentJson extends Omit<PendingApproval["recentForRole"][number], "createdAt"> {
  createdAt: number;
  endsAt: number | null;
}

/**
 * Pending requests this person may decide, oldest first (what waits longest is decided first): rules
 * they approve, never their own. "Their own" is isSelfReview's rule (lib/policy/access.ts), applied
 * to the rows read: the statement leaves out only the actor's own id, so the rule that one email is
 * one person (however it is spelt) has no second home in SQL. A row left out that way still moves
 * the cursor on; a person has at most one pending request per role, so the reads that refill a page
 * are few and only ever for someone holding two identities.
 */
export async function listPendingApprovals(deps: Deps, actor: Actor, page: PageAfter = {}): Promise<PendingApproval[]> {
  const ruleIds = approvableRuleIds(actor, deps.catalog);
  if (ruleIds.length === 0) return [];
  const now = deps.now();
  const kept: PendingRow[] = [];
  let after = page.after ?? null;
  for (;;) {
    const wanted = PENDING_PAGE - kept.length;
    const rows = await pendingRows(deps, actor, ruleIds, after, wanted);
    kept.push(...rows.filter((row) => !isSelfReview(actor, { requesterId: row.requesterId, requesterEmail: row.requester.email })));
    // A short read is the end of the queue; a full page is done.
    if (rows.length < wanted || kept.length === PENDING_PAGE) break;
    after = rows.at(-1)!.id;
  }
  const views = await toRequestViews(deps.db, kept, deps.catalog, now);
  return kept.map((row, i) => ({
    ...views[i]!,
    approvedByMe: row.reviews.some((r) => r.reviewerId === actor.id),
    recentForRole: parsedJson(row.recentForRole).map((h) => {
      const times = { createdAt: new Date(h.createdAt), endsAt: fromJsonTime(h.endsAt) };
      return { ...h, ...times, justification: revealHiddenCharacters(h.justification), status: effectiveStatus({ status: h.status, ...times }, now) };
    }),
  }));
}

type PendingRow = RequestViewRow & { recentForRole: RecentJson[] | string };

/** Up to `limit` pending requests under these rules after the cursor's row, other people's by id. */
function pendingRows(deps: Deps, actor: Actor, ruleIds: string[], cursor: string | null, limit: number): Promise<PendingRow[]> {
  // Keyset on (createdAt, id) after the cursor's row; the first condition lets the index
  // AccessRequest(status, ruleId, createdAt) start there.
  const after = cursor
    ? Prisma.sql`AND a."createdAt" >= ${cursorRow(cursor, ruleIds, Prisma.sql`c."createdAt"`)}
        AND (a."createdAt", a.id) > ${cursorRow(cursor, ruleIds, Prisma.sql`c."createdAt", c.id`)}`
    : Prisma.empty;
  return queryRequestViewRows<{ recentForRole: RecentJson[] | string }>(
    deps.db,
    Prisma.sql`
      SELECT a.id, row_number() OVER (ORDER BY a."createdAt", a.id) AS n
      FROM "AccessRequest" a
      WHERE a.status = 'PENDING' AND a."ruleId" IN (${Prisma.join(ruleIds)}) AND ${ONCE_PER_SET}
        AND a."requesterId" <> ${actor.id}
        ${after}
      ORDER BY a."createdAt", a.id
      LIMIT ${limit}`,
    RECENT_FOR_ROLE_COLUMN,
  );
}

/** Recently decided requests under the rules this person approves, latest decision first. */
export async function listDecidedForApprover(deps: Deps, actor: Actor, page: PageAfter = {}): Promise<RequestView[]> {
  const ruleIds = approvableRuleIds(actor, deps.catalog);
  if (ruleIds.length === 0) return [];
  // Keyset on (decidedAt, id), newest first. Every move out of PENDING stamps decidedAt, so a
  // cursor without one is not a row of this list (the comparison with NULL ends it).
  const after = page.after
    ? Prisma.sql`AND a."decidedAt" <= ${cursorRow(page.after, ruleIds, Prisma.sql`c."decidedAt"`)}
        AND (a."decidedAt", a.id) < ${cursorRow(page.after, ruleIds, Prisma.sql`c."decidedAt", c.id`)}`
    : Prisma.empty;
  const rows = await queryRequestViewRows(
    deps.db,
    Prisma.sql`
      SELECT a.id, row_number() OVER (ORDER BY a."decidedAt" DESC, a.id DESC) AS n
      FROM "AccessRequest" a
      WHERE a.status <> 'PENDING' AND a."ruleId" IN (${Prisma.join(ruleIds)}) AND ${ONCE_PER_SET}
        ${after}
      ORDER BY a."decidedAt" DESC, a.id DESC
      LIMIT ${HISTORY_PAGE}`,
  );
  return toRequestViews(deps.db, rows, deps.catalog, deps.now());
}

export interface ReviewTaskView {
  id: string;
  status: "OPEN" | "DONE";
  createdAt: Date;
  completedAt: Date | null;
  completedBy: PersonView | null;
  notes: string | null;
  request: RequestView;
}

const REVIEW_TASK_COLUMN = Prisma.sql`, (
    SELECT json_build_object(
      'id', t.id, 'status', t.status, 'createdAt', ${jsonTime(Prisma.sql`t."createdAt"`)}, 'completedAt', ${jsonTime(Prisma.sql`t."completedAt"`)},
      'notes', t.notes, 'completedBy', (SELECT json_build_object('id', w.id, 'name', w.name, 'email', w.email) FROM "User" w WHERE w.id = t."completedById")
    )
    FROM "ReviewTask" t WHERE t."requestId" = a.id
  ) AS "task"`;

interface TaskJson extends Omit<ReviewTaskView, "request" | "createdAt" | "completedAt"> {
  createdAt: number;
  completedAt: number | null;
}

/** Break-glass reviews under the rules this person approves (admins see all), open ones first. */
export async function listReviewTasks(deps: Deps, actor: Actor): Promise<ReviewTaskView[]> {
  const admin = isAdmin(actor, deps.catalog);
  const ruleIds = approvableRuleIds(actor, deps.catalog);
  if (!admin && ruleIds.length === 0) return [];
  const rows = await queryRequestViewRows<{ task: TaskJson | string }>(
    deps.db,
    Prisma.sql`
      SELECT t."requestId" AS id, row_number() OVER (ORDER BY t.status, t."createdAt" DESC, t.id) AS n
      FROM "ReviewTask" t JOIN "AccessRequest" a ON a.id = t."requestId"
      WHERE ${admin ? Prisma.sql`TRUE` : Prisma.sql`a."ruleId" IN (${Prisma.join(ruleIds)})`}
      ORDER BY t.status, t."createdAt" DESC, t.id
      LIMIT 100`,
    REVIEW_TASK_COLUMN,
  );
  const views = await toRequestViews(deps.db, rows, deps.catalog, deps.now());
  return rows.map((row, i) => {
    const task = parsedJson(row.task);
    return { ...task, createdAt: new Date(task.createdAt), completedAt: fromJsonTime(task.completedAt), request: views[i]! };
  });
}
