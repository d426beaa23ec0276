import { Card, CardHeader } from "@/components/ui/card";
import { Remaining, Time } from "@/components/ui/time";
import { formatDuration } from "@/lib/duration";
import type { RequestView } from "@/lib/requests/queries";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 px-5 py-3 sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-slate-500">{label}</dt>
      <dd className="text-sm text-slate-900 sm:col-span-2">{children}</dd>
    </div>
  );
}

export function RequestSummary({ request, now }: { request: RequestView; now: Date }) {
  return (
    <Card>
      <CardHeader title="Details" />
      <dl className="divide-y divide-slate-100">
        <Row label="Requested by">
          {request.requester.name} <span className="text-slate-500">({request.requester.email})</span>
        </Row>
        <Row label="Role">
          {request.role?.name ?? request.roleId}
          {request.role && <p className="break-all font-mono text-xs text-slate-500">{request.role.arn}</p>}
        </Row>
        <Row label="Account">
          {request.account?.name ?? "Unknown"} <span className="font-mono text-xs text-slate-500">{request.accountId}</span>
        </Row>
        <Row label="Duration">{formatDuration(request.durationSeconds)}</Row>
        {request.startsAt && request.endsAt && (
          <Row label="Window">
            <Time date={request.startsAt} /> – <Time date={request.endsAt} />
            {request.status === "ACTIVE" && (
              <span className="ml-2 text-emerald-700">
                (<Remaining until={request.endsAt} now={now} />)
              </span>
            )}
          </Row>
        )}
        <Row label="Justification">
          <p className="whitespace-pre-wrap break-words">{request.justification}</p>
        </Row>
      </dl>
    </Card>
  );
}
