import { Badge, type Tone } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { Remaining, Time } from "@/components/ui/time";
import { formatDuration } from "@/lib/duration";
import type { ClosingView, RequestView } from "@/lib/requests/queries";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 px-5 py-3 sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-slate-500">{label}</dt>
      <dd className="text-sm text-slate-900 sm:col-span-2">{children}</dd>
    </div>
  );
}

function atAws(closing: ClosingView): { tone: Tone; label: string } {
  const revocation = closing.revocation;
  if (!revocation) return { tone: "neutral", label: "Not managed: issued sessions run until they expire" };
  if (revocation.status === "APPLIED") return { tone: "success", label: "Sessions denied" };
  if (revocation.status === "REMOVED") return { tone: "neutral", label: "Deny removed" };
  return revocation.applyJob?.status === "FAILED" ? { tone: "danger", label: "Failed" } : { tone: "warning", label: "Pending" };
}

export function RequestSummary({ request, now, closing }: { request: RequestView; now: Date; closing?: ClosingView }) {
  const aws = closing?.closedAt ? atAws(closing) : null;
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
        {closing?.closedAt && (
          <Row label={request.status === "REVOKED" ? "Revoked by" : "Ended by"}>
            {closing.closedBy?.name ?? "someone no longer known"}, <Time date={closing.closedAt} />
            {closing.reason && <p className="mt-1 whitespace-pre-wrap break-words text-slate-600">{closing.reason}</p>}
          </Row>
        )}
        {aws && (
          <Row label="At AWS">
            <Badge tone={aws.tone}>{aws.label}</Badge>
          </Row>
        )}
        <Row label="Justification">
          <p className="whitespace-pre-wrap break-words">{request.justification}</p>
        </Row>
      </dl>
    </Card>
  );
}
