// One keyset page of audit events for a filter: the only query the audit page, the exports and the
// SIEM sink run. Keyset (seq > / < cursor) rather than OFFSET keeps every page as cheap as the
// first, however deep an export goes.
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { auditWhereSql, type AuditFilter } from "./audit-filter";

export interface AuditRow {
  seq: bigint;
  at: Date;
  actorId: string | null;
  /** The actor as the database knows them now (not part of the hashed event). */
  actorEmail: string | null;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  requestId: string | null;
  result: string;
  data: Prisma.JsonValue;
  prevHash: string;
  hash: string;
}

export type AuditPage =
  /** Oldest first, after `after`, up to and including `upTo`. */
  | { order: "asc"; after: bigint; upTo?: bigint; limit: number }
  /** Newest first, before `before` (from the newest when null). */
  | { order: "desc"; before: bigint | null; limit: number };

export async function selectAuditRows(db: PrismaClient, filter: AuditFilter, page: AuditPage): Promise<AuditRow[]> {
  const keyset =
    page.order === "asc"
      ? Prisma.sql`e.seq > ${page.after}${page.upTo === undefined ? Prisma.empty : Prisma.sql` AND e.seq <= ${page.upTo}`}`
      : page.before === null
        ? Prisma.sql`TRUE`
        : Prisma.sql`e.seq < ${page.before}`;
  const order = page.order === "asc" ? Prisma.sql`ORDER BY e.seq ASC` : Prisma.sql`ORDER BY e.seq DESC`;
  return db.$queryRaw<AuditRow[]>`
    SELECT e.seq, e."at", e."actorId", u.email AS "actorEmail", u.name AS "actorName", e.action, e."targetType", e."targetId",
           e."requestId", e.result, e.data, e."prevHash", e.hash
    FROM "AuditEvent" e LEFT JOIN "User" u ON u.id = e."actorId"
    WHERE ${keyset} AND ${auditWhereSql(filter)}
    ${order}
    LIMIT ${page.limit}`;
}
