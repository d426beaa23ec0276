"use server";

import { parseAuditFilter } from "@/lib/audit/audit-filter";
import { listAuditEvents, type AuditEventList } from "@/lib/audit/list-audit-events";
import { actorOrThrow } from "@/lib/http/action-input";
import { getDeps } from "@/lib/deps";
import { AppError, toUserError, type UserError } from "@/lib/errors";

export type LoadMoreResult = { ok: true; list: AuditEventList } | { ok: false; error: UserError };

/** The next (older) page for the filter in `query`, the page's own query string. */
export async function loadMoreAuditEventsAction(query: string, cursor: string): Promise<LoadMoreResult> {
  try {
    const actor = await actorOrThrow();
    const parsed = parseAuditFilter(new URLSearchParams(query));
    if (!parsed.ok) throw new AppError("INVALID_INPUT", "The filter is not valid.", parsed.fieldErrors);
    return { ok: true, list: await listAuditEvents(await getDeps(), { actor, filter: parsed.filter, cursor }) };
  } catch (error) {
    return { ok: false, error: toUserError(error) };
  }
}
