import Link from "next/link";
import { Badge, type Tone } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { actionLabel } from "@/lib/audit/action-labels";
import type { AuditEventView } from "@/lib/audit/list-audit-events";

const RESULTS: Record<string, { tone: Tone; label: string }> = {
  ok: { tone: "success", label: "OK" },
  refused: { tone: "warning", label: "Refused" },
  failed: { tone: "danger", label: "Failed" },
};

export function AuditTable({ events }: { events: AuditEventView[] }) {
  return (
    <Table caption="Audit events">
      <thead className="bg-slate-50">
        <tr>
          <Th>Time</Th>
          <Th className="hidden md:table-cell">Actor</Th>
          <Th className="hidden md:table-cell">Event</Th>
          <Th className="hidden md:table-cell">Target</Th>
          <Th className="hidden md:table-cell">Request</Th>
          <Th className="hidden md:table-cell">Result</Th>
          <Th>Details</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {events.map((event) => (
          <AuditRow key={event.seq} event={event} />
        ))}
      </tbody>
    </Table>
  );
}

function AuditRow({ event }: { event: AuditEventView }) {
  const result = RESULTS[event.result] ?? { tone: "neutral" as const, label: event.result };
  const details = describeData(event.data);
  return (
    <tr>
      <Td className="md:whitespace-nowrap">
        <Time date={event.at} />
        <p className="font-mono text-xs text-slate-600">#{event.seq}</p>
        {/* On a phone who did what, and how it went, fold into the first column; the details stay beside it. */}
        <div className="mt-1 space-y-0.5 md:hidden">
          <p className="text-slate-900">
            {actionLabel(event.action)} <Badge tone={result.tone}>{result.label}</Badge>
          </p>
          <p className="text-xs text-slate-600">{event.actor ? (event.actor.name ?? event.actor.id) : "Frontdesk"}</p>
          {event.requestId && (
            <Link href={`/requests/${event.requestId}`} className="text-xs font-medium text-indigo-700 hover:text-indigo-500">
              Open the request
            </Link>
          )}
        </div>
      </Td>
      <Td className="hidden md:table-cell">
        {event.actor ? (
          <>
            <p className="text-slate-900">{event.actor.name ?? event.actor.id}</p>
            {event.actor.email && <p className="text-xs text-slate-600">{event.actor.email}</p>}
          </>
        ) : (
          <span className="text-slate-600">Frontdesk</span>
        )}
      </Td>
      <Td className="hidden md:table-cell">
        <p className="text-slate-900">{actionLabel(event.action)}</p>
        <p className="font-mono text-xs text-slate-600">{event.action}</p>
      </Td>
      <Td className="hidden md:table-cell">
        <p>{event.targetType}</p>
        {event.targetId && <p className="break-all font-mono text-xs text-slate-600">{event.targetId}</p>}
      </Td>
      <Td className="hidden md:table-cell">
        {event.requestId ? (
          <Link href={`/requests/${event.requestId}`} className="break-all font-mono text-xs font-medium text-indigo-700 hover:text-indigo-500">
            {event.requestId}
          </Link>
        ) : (
          <span className="text-slate-600">—</span>
        )}
      </Td>
      <Td className="hidden md:table-cell">
        <Badge tone={result.tone}>{result.label}</Badge>
      </Td>
      {/* Details break between key=value pairs where they can, inside a value only where they must. */}
      <Td className="min-w-40 max-w-sm font-mono text-xs text-slate-700 wrap-anywhere md:min-w-48">
        {details.short === details.full ? (
          <span>{details.full}</span>
        ) : (
          // Long details stay whole: the first part shows, the rest opens in place.
          <details>
            <summary className="cursor-pointer">{details.short}</summary>
            <p className="mt-1 whitespace-pre-wrap">{details.full}</p>
          </details>
        )}
      </Td>
    </tr>
  );
}

const SHORT = 160;

function describeData(data: AuditEventView["data"]): { short: string; full: string } {
  const entries = data && typeof data === "object" && !Array.isArray(data) ? Object.entries(data).filter(([, v]) => v !== null && v !== "") : [];
  const full = entries.map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`).join(" ");
  return { full, short: full.length > SHORT ? `${full.slice(0, SHORT - 1)}…` : full };
}
