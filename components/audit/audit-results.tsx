"use client";

import Link from "next/link";
import { useState, useTransition, type MouseEvent } from "react";
import { loadMoreAuditEventsAction } from "@/lib/actions/audit-actions";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { AuditEventView } from "@/lib/audit/list-audit-events";
import { AuditTable } from "./audit-table";

/**
 * The table and its "Load more". Before hydration (or without JavaScript) "Load more" is a link to
 * the next keyset page; once React runs it appends that page in place.
 */
export function AuditResults({ initial, nextCursor, query }: { initial: AuditEventView[]; nextCursor: string | null; query: string }) {
  const ready = useHydrated();
  const [events, setEvents] = useState(initial);
  const [cursor, setCursor] = useState(nextCursor);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function loadMore(event: MouseEvent<HTMLAnchorElement>) {
    if (!ready || !cursor) return;
    event.preventDefault();
    if (pending) return;
    setError(null);
    startTransition(async () => {
      const result = await loadMoreAuditEventsAction({ query, cursor });
      if (!result.ok) return setError(result.error.message);
      setEvents((shown) => [...shown, ...result.list.events]);
      setCursor(result.list.nextCursor);
    });
  }

  const params = new URLSearchParams(query);
  if (cursor) params.set("cursor", cursor);
  return (
    <>
      <AuditTable events={events} />
      <div className="space-y-3 border-t border-slate-200 px-5 py-3 text-center">
        {error && <Alert tone="danger">{error}</Alert>}
        <p className="text-sm text-slate-600" aria-live="polite">
          {events.length} {events.length === 1 ? "event" : "events"} shown{cursor ? "" : ", no older ones"}.
        </p>
        {cursor && (
          <Link href={`/admin/audit?${params.toString()}`} prefetch={false} onClick={loadMore} aria-disabled={pending} className={buttonClasses("secondary")}>
            {pending ? "Loading…" : "Load more"}
          </Link>
        )}
      </div>
    </>
  );
}
