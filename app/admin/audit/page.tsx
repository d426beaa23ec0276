import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditFilterForm, type AuditFormValues } from "@/components/audit/audit-filter-form";
import { AuditResults } from "@/components/audit/audit-results";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { AUDIT_FILTER_KEYS, auditFilterParams, firstParam, parseAuditFilter, type AuditFilter } from "@/lib/audit/audit-filter";
import { listAuditEvents, type AuditEventList } from "@/lib/audit/list-audit-events";
import { requireActor } from "@/lib/auth/get-actor";
import { getDeps } from "@/lib/deps";
import { toUserError } from "@/lib/errors";
import { can } from "@/lib/policy/permissions";

export const metadata: Metadata = { title: "Audit" };

type Params = Record<string, string | string[] | undefined>;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  const parsed = parseAuditFilter(params);
  const query = parsed.ok ? auditFilterParams(parsed.filter).toString() : "";
  const cursor = firstParam(params, "cursor") ?? null;
  const actor = await requireActor(`/admin/audit${query ? `?${query}` : ""}`);
  const deps = await getDeps();
  if (!can(actor, "audit.view", null, deps.catalog)) notFound();

  let list: AuditEventList | null = null;
  let error: string | null = null;
  if (parsed.ok) {
    try {
      list = await listAuditEvents(deps, { actor, filter: parsed.filter, cursor });
    } catch (caught) {
      error = toUserError(caught).message;
    }
  }
  const exportHref = (format: string) => `/api/audit/export?${new URLSearchParams([["format", format], ...new URLSearchParams(query)]).toString()}`;

  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Every action in Frontdesk, newest first, in your time zone (the From and To filters are UTC)."
        actions={
          parsed.ok && (
            <div className="flex flex-wrap gap-2">
              <Link href="/admin/audit/verify" className={buttonClasses("secondary")}>
                Verify the chain
              </Link>
              <a href={exportHref("jsonl")} download className={buttonClasses("secondary")}>
                Export JSON Lines
              </a>
              <a href={exportHref("csv")} download className={buttonClasses("secondary")}>
                Export CSV
              </a>
            </div>
          )
        }
      />
      <Card className="mb-6">
        <CardHeader title="Filter" description="Filters combine; leave a field empty to match everything. Exports use the same filter." />
        <AuditFilterForm values={formValues(params, parsed.ok ? parsed.filter : null)} errors={parsed.ok ? {} : parsed.fieldErrors} catalog={deps.catalog} />
      </Card>
      <Card>
        <CardHeader
          title="Events"
          description={
            cursor ? (
              <>
                Older events, from before #{cursor}.{" "}
                <Link href={`/admin/audit${query ? `?${query}` : ""}`} className="font-medium text-indigo-600 hover:text-indigo-500">
                  Back to the newest
                </Link>
              </>
            ) : undefined
          }
        />
        {!parsed.ok && <EmptyState title="Fix the filter" description="Some fields above are not valid, so nothing was searched." />}
        {error && (
          <div className="px-5 py-4">
            <Alert tone="danger">{error}</Alert>
          </div>
        )}
        {list && list.events.length === 0 && <EmptyState title="No events match" description="Try a wider time range or fewer filters." />}
        {list && list.events.length > 0 && <AuditResults key={`${query}#${cursor ?? ""}`} initial={list.events} nextCursor={list.nextCursor} query={query} />}
      </Card>
    </>
  );
}

/** What the form shows: the canonical filter when it parsed (times as datetime-local wants them), else what was typed. */
function formValues(params: Params, filter: AuditFilter | null): AuditFormValues {
  const values: AuditFormValues = {};
  for (const key of AUDIT_FILTER_KEYS) {
    const value = filter ? filter[key] : firstParam(params, key);
    if (value instanceof Date) values[key] = value.toISOString().slice(0, value.getUTCSeconds() || value.getUTCMilliseconds() ? 19 : 16);
    else if (value !== undefined) values[key] = value;
  }
  return values;
}
