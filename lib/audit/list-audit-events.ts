// The audit page's read model: newest first, one keyset page at a time.
import type { Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/policy/access";
import { assertCan } from "@/lib/policy/permissions";
import type { AuditFilter } from "./audit-filter";
import { selectAuditRows } from "./audit-rows";

const DEFAULT_AUDIT_PAGE_SIZE = 50;
const MAX_AUDIT_PAGE_SIZE = 200;
const CURSOR = /^\d{1,19}$/;

export interface AuditEventView {
  /** A string: seq is a bigint, which neither JSON nor the client components carry. */
  seq: string;
  at: Date;
  actor: { id: string; name: string | null; email: string | null } | null;
  action: string;
  targetType: string;
  targetId: string | null;
  requestId: string | null;
  result: string;
  data: Prisma.JsonValue;
}

export interface AuditEventList {
  events: AuditEventView[];
  /** Pass back as `cursor` for the next (older) page; null on the last one. */
  nextCursor: string | null;
}

export interface ListAuditEventsOptions {
  actor: Actor;
  filter: AuditFilter;
  cursor?: string | null;
  limit?: number;
}

/** The whole trail is sensitive (who holds access where), so only admins read or export it. */
export async function listAuditEvents(deps: Pick<Deps, "db" | "catalog">, options: ListAuditEventsOptions): Promise<AuditEventList> {
  assertCan(options.actor, "audit.view", null, deps.catalog);
  const { cursor } = options;
  if (cursor && !CURSOR.test(cursor)) throw new AppError("INVALID_INPUT", "That page link is not valid; start again from the newest events.");
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? DEFAULT_AUDIT_PAGE_SIZE), 1), MAX_AUDIT_PAGE_SIZE);
  // One extra row says whether an older page exists without counting the table.
  const rows = await selectAuditRows(deps.db, options.filter, { order: "desc", before: cursor ? BigInt(cursor) : null, limit: limit + 1 });
  const page = rows.slice(0, limit);
  return {
    events: page.map((row) => ({
      seq: row.seq.toString(),
      at: row.at,
      actor: row.actorId ? { id: row.actorId, name: row.actorName, email: row.actorEmail } : null,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      requestId: row.requestId,
      result: row.result,
      data: row.data,
    })),
    nextCursor: rows.length > limit ? (page.at(-1)?.seq.toString() ?? null) : null,
  };
}
