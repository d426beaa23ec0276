// The rows a request view is built from (lib/requests/request-view.ts), each with its requester,
// reviews (and reviewers), issuances and closer, read in ONE statement however many rows: a page
// of fifty costs one round trip, not one per relation. The caller says which rows, in which order:
// a list of ids, or a page query whose where clause carries the viewer's rights.
import { Prisma, type AccessRequest, type PrismaClient, type Review } from "@/lib/generated/prisma/client";
import { accessRequestColumns } from "@/lib/db/columns";
import type { PersonView, RequestView } from "./request-view";

export type RequestViewRow = AccessRequest & {
  requester: PersonView;
  /** Who ended it early, if someone did. */
  closedBy: PersonView | null;
  /** Oldest first. */
  reviews: (Pick<Review, "decision" | "comment" | "createdAt" | "reviewerId"> & { reviewer: PersonView & { groups: string[] } })[];
  /** Newest first. */
  issuances: RequestView["issuances"];
};

type Db = Pick<PrismaClient, "$queryRaw">;

/** Lists show roles asked for together once: by the member that speaks for the set (a request alias `a`). */
export const ONCE_PER_SET = Prisma.sql`(a."setIndex" IS NULL OR a."setIndex" = 0)`;

/** A time inside JSON, as epoch milliseconds: exact for timestamp(3), and no zone to guess when read back (`at`). */
export const jsonTime = (column: Prisma.Sql) => Prisma.sql`round(extract(epoch FROM ${column}) * 1000)::bigint`;
/** A time written by jsonTime. */
export const fromJsonTime = (value: number | null): Date | null => (value === null ? null : new Date(value));

/** JSON columns arrive parsed or as text, depending on the driver adapter. */
export const parsedJson = <T>(value: T | string): T => (typeof value === "string" ? (JSON.parse(value) as T) : value);

/**
 * The statement over `page`, a query of (id, n): the requests wanted and their order. `extra` adds
 * select-list columns, over `a` (the request), `p` (its page row) and `page` (the whole page).
 */
function viewRowsSql(page: Prisma.Sql, extra: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    WITH page AS MATERIALIZED (${page})
    SELECT ${accessRequestColumns("a")},
      json_build_object('id', u.id, 'name', u.name, 'email', u.email) AS "requester",
      CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('id', c.id, 'name', c.name, 'email', c.email) END AS "closedBy",
      COALESCE((
        SELECT json_agg(json_build_object(
          'decision', r.decision, 'comment', r.comment, 'createdAt', ${jsonTime(Prisma.sql`r."createdAt"`)}, 'reviewerId', r."reviewerId",
          'reviewer', json_build_object('id', v.id, 'name', v.name, 'email', v.email, 'groups', COALESCE(v.groups, '{}'))
        ) ORDER BY r."createdAt", r.id)
        FROM "Review" r JOIN "User" v ON v.id = r."reviewerId" WHERE r."requestId" = a.id
      ), '[]') AS "reviews",
      COALESCE((
        SELECT json_agg(json_build_object(
          'kind', i.kind, 'sessionName', i."sessionName", 'sourceIdentity', i."sourceIdentity", 'assumedRoleId', i."assumedRoleId",
          'expiresAt', ${jsonTime(Prisma.sql`i."expiresAt"`)}, 'createdAt', ${jsonTime(Prisma.sql`i."createdAt"`)}
        ) ORDER BY i."createdAt" DESC, i.id DESC)
        FROM "Issuance" i WHERE i."requestId" = a.id
      ), '[]') AS "issuances"
      ${extra}
    FROM page p
    JOIN "AccessRequest" a ON a.id = p.id
    JOIN "User" u ON u.id = a."requesterId"
    LEFT JOIN "User" c ON c.id = a."closedById"
    ORDER BY p.n`;
}

interface RawReview {
  decision: Review["decision"];
  comment: string | null;
  createdAt: number;
  reviewerId: string;
  reviewer: PersonView & { groups: string[] };
}
interface RawIssuance extends Omit<RequestView["issuances"][number], "expiresAt" | "createdAt"> {
  expiresAt: number;
  createdAt: number;
}
type RawRow = AccessRequest & { requester: PersonView; closedBy: PersonView | null; reviews: RawReview[]; issuances: RawIssuance[] };

function toRow<T extends RawRow>(raw: T): Omit<T, keyof RawRow> & RequestViewRow {
  return {
    ...raw,
    requester: parsedJson(raw.requester),
    closedBy: parsedJson(raw.closedBy),
    reviews: parsedJson(raw.reviews).map((r) => ({ ...r, createdAt: new Date(r.createdAt) })),
    issuances: parsedJson(raw.issuances).map((i) => ({ ...i, expiresAt: new Date(i.expiresAt), createdAt: new Date(i.createdAt) })),
  };
}

/**
 * The rows of a page query (`SELECT a.id, <order> AS n FROM "AccessRequest" a … LIMIT …`), with
 * the columns of `extra` (named in `Extra`, as the driver returns them) alongside.
 */
export async function queryRequestViewRows<Extra extends object = object>(
  db: Db,
  page: Prisma.Sql,
  extra: Prisma.Sql = Prisma.empty,
): Promise<(RequestViewRow & Extra)[]> {
  const rows = await db.$queryRaw<(RawRow & Extra)[]>(viewRowsSql(page, extra));
  return rows.map((row) => toRow(row) as RequestViewRow & Extra);
}

/** These requests (those that exist), in the order of `ids`. */
export async function loadRequestViewRows(db: Db, ids: readonly string[]): Promise<RequestViewRow[]> {
  if (ids.length === 0) return [];
  return queryRequestViewRows(db, Prisma.sql`SELECT id, n FROM unnest(${[...ids]}::text[]) WITH ORDINALITY AS w(id, n)`);
}

/** Every member of these sets, by set and then in the order asked. */
export async function loadSetMemberRows(db: Db, setIds: readonly string[]): Promise<RequestViewRow[]> {
  if (setIds.length === 0) return [];
  return queryRequestViewRows(
    db,
    Prisma.sql`SELECT id, row_number() OVER (ORDER BY "setId", "setIndex") AS n FROM "AccessRequest" WHERE "setId" = ANY(${[...setIds]}::text[])`,
  );
}
