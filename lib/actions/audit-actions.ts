"use server";

import { z } from "zod";
import { parseAuditFilter } from "@/lib/audit/audit-filter";
import { listAuditEvents, type AuditEventList } from "@/lib/audit/list-audit-events";
import { AppError } from "@/lib/errors";
import { defineAction } from "./define-action";
import type { ActionFailure } from "./form-state";

export type LoadMoreResult = { ok: true; list: AuditEventList } | ActionFailure;

/** The next (older) page for the filter in `query`, the page's own query string. */
export const loadMoreAuditEventsAction = defineAction({
  schema: z.object({ query: z.string(), cursor: z.string() }),
  async run({ deps, actor, input }): Promise<LoadMoreResult> {
    const parsed = parseAuditFilter(new URLSearchParams(input.query));
    if (!parsed.ok) throw new AppError("INVALID_INPUT", "The filter is not valid.", parsed.fieldErrors);
    return { ok: true, list: await listAuditEvents(deps, { actor, filter: parsed.filter, cursor: input.cursor }) };
  },
});
