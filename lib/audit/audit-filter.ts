// The one filter shared by the audit page, its exports and the tests. It is compiled to a SQL
// condition rather than a Prisma `where`: AuditEvent has no relation to AccessRequest or User
// (events outlive what they describe), and resolving "requests of role X" to an id list first would
// grow without bound and hit PostgreSQL's parameter limit on a big table. Subqueries stay bounded.
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";

const text = (schema: z.ZodString) => z.preprocess((value) => (typeof value === "string" ? value.trim() || undefined : value), schema.optional());

// A time without a zone is read as UTC: the page shows UTC, like CloudTrail.
const time = z.preprocess(
  (value) => (typeof value === "string" ? value.trim() || undefined : value),
  z.iso
    .datetime({ local: true, offset: true, message: "Use a date and time such as 2026-03-02T09:00 (UTC)" })
    .transform((value) => new Date(/(Z|[+-]\d\d:?\d\d)$/i.test(value) ? value : `${value}Z`))
    .refine((date) => date.getUTCFullYear() >= 2000 && date.getUTCFullYear() <= 2200, "Pick a time between 2000 and 2200")
    .optional(),
);

const auditFilterSchema = z
  .object({
    /** Someone's user id or email: what they did, and what happened to them or their requests. */
    person: text(z.string().max(320, "At most 320 characters")),
    /** Events of requests for this catalog role. */
    roleId: text(z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "Role ids are lowercase letters, digits and dashes")),
    /** Events of requests for roles in this AWS account. */
    accountId: text(z.string().regex(/^\d{12}$/, "AWS account ids are 12 digits")),
    requestId: text(z.string().regex(/^[a-z0-9]{1,64}$/, "Request ids are lowercase letters and digits")),
    /** The event type, for example request.approved. */
    action: text(z.string().regex(/^[a-z][a-z0-9._-]{0,63}$/, "Event types look like request.approved")),
    /** Inclusive. */
    from: time,
    /** Exclusive. */
    to: time,
  })
  .refine((f) => !f.from || !f.to || f.from < f.to, { path: ["to"], message: "Must be after From" });

export type AuditFilter = z.infer<typeof auditFilterSchema>;
export const AUDIT_FILTER_KEYS = ["person", "roleId", "accountId", "requestId", "action", "from", "to"] as const;
export type AuditFilterKey = (typeof AUDIT_FILTER_KEYS)[number];

export type SearchParams = Record<string, string | string[] | undefined> | URLSearchParams;

export type ParsedAuditFilter = { ok: true; filter: AuditFilter } | { ok: false; fieldErrors: Partial<Record<AuditFilterKey, string>> };

/** Reads the filter's keys from query parameters (the first of repeated ones) and ignores the rest. */
export function parseAuditFilter(params: SearchParams): ParsedAuditFilter {
  const raw = Object.fromEntries(AUDIT_FILTER_KEYS.map((key) => [key, firstParam(params, key)]));
  const result = auditFilterSchema.safeParse(raw);
  if (result.success) return { ok: true, filter: result.data };
  const fieldErrors: Partial<Record<AuditFilterKey, string>> = {};
  for (const issue of result.error.issues) {
    const key = issue.path[0] as AuditFilterKey;
    fieldErrors[key] ??= issue.message;
  }
  return { ok: false, fieldErrors };
}

export function firstParam(params: SearchParams, key: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
  const value = params[key];
  return Array.isArray(value) ? value[0] : value;
}

/** The filter as query parameters, so a filtered view or an export link can be shared. */
export function auditFilterParams(filter: AuditFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of AUDIT_FILTER_KEYS) {
    const value = filter[key];
    if (value !== undefined) params.set(key, value instanceof Date ? value.toISOString() : value);
  }
  return params;
}

/** The filter as flat audit data (record-audit-event takes scalars only). */
export function auditFilterData(filter: AuditFilter): Record<string, string | null> {
  const params = auditFilterParams(filter);
  return Object.fromEntries(AUDIT_FILTER_KEYS.map((key) => [key, params.get(key)]));
}

/** The filter as a condition on `"AuditEvent" e`. Every value is a bound parameter. */
export function auditWhereSql(filter: AuditFilter): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (filter.person !== undefined) {
    const people = Prisma.sql`(SELECT u.id FROM "User" u WHERE u.id = ${filter.person} OR lower(u.email) = lower(${filter.person}))`;
    conditions.push(Prisma.sql`(
      e."actorId" IN ${people}
      OR (e."targetType" = 'user' AND e."targetId" IN ${people})
      OR e."requestId" IN (SELECT r.id FROM "AccessRequest" r WHERE r."requesterId" IN ${people}))`);
  }
  // Role and account come from the request the event belongs to, not from event data: only some
  // events carry them there, and every request-scoped event carries requestId.
  if (filter.roleId !== undefined) {
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "AccessRequest" r WHERE r.id = e."requestId" AND r."roleId" = ${filter.roleId})`);
  }
  if (filter.accountId !== undefined) {
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "AccessRequest" r WHERE r.id = e."requestId" AND r."accountId" = ${filter.accountId})`);
  }
  if (filter.requestId !== undefined) conditions.push(Prisma.sql`e."requestId" = ${filter.requestId}`);
  if (filter.action !== undefined) conditions.push(Prisma.sql`e.action = ${filter.action}`);
  if (filter.from !== undefined) conditions.push(Prisma.sql`e."at" >= ${filter.from}`);
  if (filter.to !== undefined) conditions.push(Prisma.sql`e."at" < ${filter.to}`);
  return conditions.length === 0 ? Prisma.sql`TRUE` : Prisma.join(conditions, " AND ");
}
