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
          <Th>Actor</Th>
          <Th>Event</Th>
          <Th>Target</Th>
          <Th>Request</Th>
          <Th>Result</Th>
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
      <Td className="whitespace-nowrap">
        <Time date={event.at} />
        <p className="font-mono text-xs text-slate-600">#{event.seq}</p>
      </Td>
      <Td>
        {event.actor ? (
          <>
            <p className="text-slate-900">{event.actor.name ?? event.actor.id}</p>
            {event.actor.email && <p className="text-xs text-slate-600">{event.actor.email}</p>}
          </>
        ) : (
          <span className="text-slate-600">Frontdesk</span>
        )}
      </Td>
      <Td>
        <p className="text-slate-900">{actionLabel(event.action)}</p>
        <p className="font-mono text-xs text-slate-600">{event.action}</p>
      </Td>
      <Td>
        <p>{event.targetType}</p>
        {event.targetId && <p className="break-all font-mono text-xs text-slate-600">{event.targetId}</p>}
      </Td>
      <Td>
        {event.requestId ? (
          <Link href={`/requests/${event.requestId}`} className="break-all font-mono text-xs font-medium text-indigo-700 hover:text-indigo-500">
            {event.requestId}
          </Link>
        ) : (
          <span className="text-slate-600">—</span>
        )}
      </Td>
      <Td>
        <Badge tone={result.tone}>{result.label}</Badge>
      </Td>
      <Td className="min-w-48 max-w-sm font-mono text-xs text-slate-700">
        {details.short === details.full ? (
          <span className="break-all">{details.full}</span>
        ) : (
          // Long details stay whole: the first part shows, the rest opens in place.
          <details>
            <summary className="cursor-pointer break-all">{details.short}</summary>
            <p className="mt-1 break-all whitespace-pre-wrap">{details.full}</p>
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
