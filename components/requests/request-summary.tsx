import Link from "next/link";
import { Badge, type Tone } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { Remaining, Time } from "@/components/ui/time";
import { formatDuration } from "@/lib/duration";
import type { ClosingView, RelatedRequests } from "@/lib/requests/queries";
import type { RequestView } from "@/lib/requests/request-view";
import { ApprovalProgress } from "./approval-progress";
import { KindBadge } from "./kind-badge";
import { StatusBadge } from "./status-badge";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 px-5 py-3 sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
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

const linkClass = "font-medium text-indigo-600 hover:text-indigo-500";

export function RequestSummary({ request, now, closing, related }: { request: RequestView; now: Date; closing?: ClosingView; related?: RelatedRequests }) {
  const aws = closing?.closedAt ? atAws(closing) : null;
  return (
    <Card>
      <CardHeader title="Details" />
      <dl className="divide-y divide-slate-100">
        <Row label="Requested by">
          {request.requester.name} <span className="text-slate-600">({request.requester.email})</span>
        </Row>
        <Row label="Role">
          {request.role?.name ?? request.roleId}
          {request.role && <p className="break-all font-mono text-xs text-slate-600">{request.role.arn}</p>}
        </Row>
        <Row label="Account">
          {request.account?.name ?? "Unknown"} <span className="font-mono text-xs text-slate-600">{request.accountId}</span>
        </Row>
        {request.kind !== "STANDARD" && (
          <Row label="Kind">
            <KindBadge kind={request.kind} />
            {request.kind === "BREAK_GLASS" && <p className="mt-1 text-slate-600">Activated without approval; reviewed afterwards.</p>}
          </Row>
        )}
        {request.extendsId && (
          <Row label="Extends">
            <Link href={`/requests/${request.extendsId}`} className={linkClass}>
              extends request {request.extendsId.slice(-8)}
            </Link>
            {related?.extends && (
              <span className="ml-2">
                <StatusBadge status={related.extends.status} />
              </span>
            )}
          </Row>
        )}
        {related && related.extensions.length > 0 && (
          <Row label="More time asked">
            <ul className="space-y-1">
              {related.extensions.map((extension) => (
                <li key={extension.id} className="flex flex-wrap items-center gap-2">
                  <Link href={`/requests/${extension.id}`} className={linkClass}>
                    +{formatDuration(extension.durationSeconds)}
                  </Link>
                  <StatusBadge status={extension.status} />
                  <span className="text-xs text-slate-600">
                    asked <Time date={extension.createdAt} />
                  </span>
                </li>
              ))}
            </ul>
          </Row>
        )}
        <Row label="Duration">{formatDuration(request.durationSeconds)}</Row>
        {request.kind === "STANDARD" && <Row label="Start">{request.requestedStartAt ? <Time date={request.requestedStartAt} /> : "As soon as approved"}</Row>}
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
        {request.ticket && (
          <Row label="Ticket">
            <span className="font-mono">{request.ticket}</span>
          </Row>
        )}
        <Row label="Justification">
          <p className="whitespace-pre-wrap break-words">{request.justification}</p>
        </Row>
        {request.kind !== "BREAK_GLASS" && (
          <Row label="Approvals">
            {request.requiredApprovals === 0 && request.status !== "PENDING" ? "Approved automatically by its rule" : <ApprovalProgress request={request} />}
          </Row>
        )}
        <Row label="Rule">
          <span className="font-mono text-xs">{request.ruleId}</span>
          {request.rule?.description && <p className="mt-0.5 text-slate-600">{request.rule.description}</p>}
        </Row>
      </dl>
    </Card>
  );
}
