// The rows a request view is built from (lib/requests/request-view.ts), each with its requester,
// reviews (and reviewers), issuances and closer, read in ONE statement however many rows: a page
// of fifty costs one round trip, not one per relation. Callers choose the rows (their where clause
// carries the viewer's rights) and pass their ids; the order given is kept.
import { Prisma, type AccessRequest, type PrismaClient, type Review } from "@/lib/generated/prisma/client";
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

// Times inside JSON as epoch milliseconds: exact for timestamp(3), and no zone to guess when parsing.
const ms = (column: Prisma.Sql) => Prisma.sql`round(extract(epoch FROM ${column}) * 1000)::bigint`;

/** The statement, over `source`: a relation of (id, n), the rows wanted and their order. */
function viewRowsSql(source: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT a.*,
      json_build_object('id', u.id, 'name', u.name, 'email', u.email) AS "requester",
      CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('id', c.id, 'name', c.name, 'email', c.email) END AS "closedBy",
      COALESCE((
        SELECT json_agg(json_build_object(
          'decision', r.decision, 'comment', r.comment, 'createdAt', ${ms(Prisma.sql`r."createdAt"`)}, 'reviewerId', r."reviewerId",
          'reviewer', json_build_object('id', v.id, 'name', v.name, 'email', v.email, 'groups', COALESCE(v.groups, '{}'))
        ) ORDER BY r."createdAt", r.id)
        FROM "Review" r JOIN "User" v ON v.id = r."reviewerId" WHERE r."requestId" = a.id
      ), '[]') AS "reviews",
      COALESCE((
        SELECT json_agg(json_build_object(
          'kind', i.kind, 'sessionName', i."sessionName", 'sourceIdentity', i."sourceIdentity", 'assumedRoleId', i."assumedRoleId",
          'expiresAt', ${ms(Prisma.sql`i."expiresAt"`)}, 'createdAt', ${ms(Prisma.sql`i."createdAt"`)}
        ) ORDER BY i."createdAt" DESC, i.id DESC)
        FROM "Issuance" i WHERE i."requestId" = a.id
      ), '[]') AS "issuances"
    FROM (${source}) AS p
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

/** JSON columns arrive parsed or as text depending on the driver adapter. */
const parsed = <T>(value: T | string): T => (typeof value === "string" ? (JSON.parse(value) as T) : value);

function toRow(raw: RawRow): RequestViewRow {
  return {
    ...raw,
    requester: parsed(raw.requester),
    closedBy: parsed(raw.closedBy),
    reviews: parsed(raw.reviews).map((r) => ({ ...r, createdAt: new Date(r.createdAt) })),
    issuances: parsed(raw.issuances).map((i) => ({ ...i, expiresAt: new Date(i.expiresAt), createdAt: new Date(i.createdAt) })),
  };
}

/** These requests (those that exist), in the order of `ids`, ready for toRequestViews. */
export async function loadRequestViewRows(db: Db, ids: readonly string[]): Promise<RequestViewRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.$queryRaw<RawRow[]>(viewRowsSql(Prisma.sql`SELECT id, n FROM unnest(${[...ids]}::text[]) WITH ORDINALITY AS w(id, n)`));
  return rows.map(toRow);
}

/** Every member of these sets, by set and then in the order asked. */
export async function loadSetMemberRows(db: Db, setIds: readonly string[]): Promise<RequestViewRow[]> {
  if (setIds.length === 0) return [];
  const rows = await db.$queryRaw<RawRow[]>(
    viewRowsSql(Prisma.sql`SELECT id, row_number() OVER (ORDER BY "setId", "setIndex") AS n FROM "AccessRequest" WHERE "setId" = ANY(${[...setIds]}::text[])`),
  );
  return rows.map(toRow);
}
