// A request as every surface shows it (pages, the approvals queue, Slack, email): one type, built
// in one place, carrying the facts the surfaces would otherwise compute themselves (the effective
// status, the approval tally, whether it is scheduled, display names).
import { findRole, ruleById } from "@/lib/catalog/rules";
import type { Catalog, CatalogAccount, CatalogRole, CatalogRule } from "@/lib/catalog/schema";
import type { AccessRequest, Issuance, PrismaClient, Review } from "@/lib/generated/prisma/client";
import { revealHiddenCharacters } from "@/lib/input/safe-text";
import { tallyApprovals, tallySetApprovals, type ApprovalTally } from "@/lib/policy/approval-tally";
import { loadRequestViewRows, loadSetMemberRows, type RequestViewRow } from "./request-view-rows";
import { effectiveStatus } from "./state";

export interface PersonView {
  id: string;
  name: string;
  email: string;
}

export interface RequestView {
  id: string;
  /** The status a person should see now (an ACTIVE grant past its end reads ENDED). */
  status: AccessRequest["status"];
  requester: PersonView;
  role: CatalogRole | null;
  account: CatalogAccount | null;
  /** The access rule that routes it, as the catalog stands now (null if it has left the catalog). */
  rule: CatalogRule | null;
  roleId: string;
  accountId: string;
  ruleId: string;
  /** Display names, falling back to the ids when the catalog no longer has them. */
  roleName: string;
  accountName: string;
  kind: AccessRequest["kind"];
  justification: string;
  ticket: string | null;
  durationSeconds: number;
  /** The same as approvals.required. */
  requiredApprovals: number;
  approvals: ApprovalTally;
  requestedStartAt: Date | null;
  extendsId: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  startsAt: Date | null;
  endsAt: Date | null;
  /** Approved with a start still ahead (an extension's start is its grant's end, not a schedule). */
  scheduled: boolean;
  closedAt: Date | null;
  closedBy: PersonView | null;
  closeReason: string | null;
  reviews: (Pick<Review, "decision" | "comment" | "createdAt"> & { reviewer: PersonView })[];
  issuances: Pick<Issuance, "kind" | "sessionName" | "sourceIdentity" | "assumedRoleId" | "expiresAt" | "createdAt">[];
  /**
   * The roles asked for together with this one (itself included, in the order asked), or null for a
   * request of one role. A set is decided as one: `approvals` is then the set's tally.
   */
  set: { id: string; members: SetMemberView[] } | null;
}

export interface SetMemberView {
  id: string;
  roleId: string;
  ruleId: string;
  accountId: string;
  roleName: string;
  accountName: string;
  status: AccessRequest["status"];
  startsAt: Date | null;
  endsAt: Date | null;
}

export type { RequestViewRow } from "./request-view-rows";

const toPerson = (p: PersonView): PersonView => ({ id: p.id, name: p.name, email: p.email });

interface LoadedSet {
  members: SetMemberView[];
  approvals: ApprovalTally;
}

function toRequestView(row: RequestViewRow, catalog: Catalog, now: Date, set: LoadedSet | null): RequestView {
  const found = findRole(catalog, row.roleId);
  const rule = ruleById(catalog, row.ruleId) ?? null;
  const status = effectiveStatus(row, now);
  const approvals = set?.approvals ?? tallyApprovals(row, rule);
  return {
    id: row.id,
    ruleId: row.ruleId,
    roleId: row.roleId,
    accountId: row.accountId,
    kind: row.kind,
    // Hidden and text-direction characters are shown visibly on every surface (pages, email, Slack).
    justification: revealHiddenCharacters(row.justification),
    ticket: row.ticket === null ? null : revealHiddenCharacters(row.ticket),
    durationSeconds: row.durationSeconds,
    requestedStartAt: row.requestedStartAt,
    extendsId: row.extendsId,
    createdAt: row.createdAt,
    decidedAt: row.decidedAt,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    closedAt: row.closedAt,
    closeReason: row.closeReason,
    issuances: row.issuances,
    status,
    requester: toPerson(row.requester),
    role: found?.role ?? null,
    account: found?.account ?? null,
    rule,
    roleName: found?.role.name ?? row.roleId,
    accountName: found?.account.name ?? row.accountId,
    requiredApprovals: approvals.required,
    approvals,
    scheduled: status === "APPROVED" && row.kind !== "EXTENSION" && row.startsAt !== null && row.startsAt > now,
    closedBy: row.closedBy && toPerson(row.closedBy),
    set: row.setId && set ? { id: row.setId, members: set.members } : null,
    reviews: row.reviews.map((r) => ({
      decision: r.decision,
      comment: r.comment === null ? null : revealHiddenCharacters(r.comment),
      createdAt: r.createdAt,
      reviewer: toPerson(r.reviewer),
    })),
  };
}

/** The sets these rows belong to, in one query: their members and the tally over all of them. */
async function loadSets(db: PrismaClient, rows: readonly Pick<AccessRequest, "setId">[], catalog: Catalog, now: Date): Promise<Map<string, LoadedSet>> {
  const ids = [...new Set(rows.map((r) => r.setId).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const members = await loadSetMemberRows(db, ids);
  const sets = new Map<string, LoadedSet>();
  for (const id of ids) {
    const own = members.filter((m) => m.setId === id);
    sets.set(id, {
      approvals: tallySetApprovals(own.map((m) => tallyApprovals(m, ruleById(catalog, m.ruleId) ?? null))),
      members: own.map((m) => {
        const found = findRole(catalog, m.roleId);
        return {
          id: m.id,
          roleId: m.roleId,
          ruleId: m.ruleId,
          accountId: m.accountId,
          roleName: found?.role.name ?? m.roleId,
          accountName: found?.account.name ?? m.accountId,
          status: effectiveStatus(m, now),
          startsAt: m.startsAt,
          endsAt: m.endsAt,
        };
      }),
    });
  }
  return sets;
}

/** Rows (loadRequestViewRows) as views, with their sets: no further statement unless a row is in a set. */
export async function toRequestViews(db: PrismaClient, rows: readonly RequestViewRow[], catalog: Catalog, now: Date): Promise<RequestView[]> {
  const sets = await loadSets(db, rows, catalog, now);
  return rows.map((row) => toRequestView(row, catalog, now, row.setId ? (sets.get(row.setId) ?? null) : null));
}

/** "Developer in Tooling (111111111111)", one line per role of a set, or the request's one role. */
export function rolesOf(view: Pick<RequestView, "set" | "roleName" | "accountName" | "accountId">): string[] {
  const roles = view.set?.members ?? [view];
  return roles.map((r) => `${r.roleName} in ${r.accountName} (${r.accountId})`);
}

/** One request's view by id, for notifications (which read it after commit: always the current state). */
export async function loadRequestView(db: PrismaClient, catalog: Catalog, requestId: string, now: Date): Promise<RequestView | null> {
  const [row] = await loadRequestViewRows(db, [requestId]);
  if (!row) return null;
  const [view] = await toRequestViews(db, [row], catalog, now);
  return view ?? null;
}

/**
 * When access ends: the recorded end once approved; before that, the end it would have if approved
 * at `now` (or at its scheduled start).
 */
export function effectiveEnd(view: Pick<RequestView, "endsAt" | "requestedStartAt" | "durationSeconds">, now: Date): { at: Date; projected: boolean } {
  if (view.endsAt) return { at: view.endsAt, projected: false };
  const start = view.requestedStartAt && view.requestedStartAt > now ? view.requestedStartAt : now;
  return { at: new Date(start.getTime() + view.durationSeconds * 1000), projected: true };
}
