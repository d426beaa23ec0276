import Link from "next/link";
import { ApprovalProgress } from "@/components/requests/approval-progress";
import { KindBadge } from "@/components/requests/kind-badge";
import { RoleLabel } from "@/components/requests/role-label";
import { StatusBadge } from "@/components/requests/status-badge";
import { buttonClasses } from "@/components/ui/button";
import { Time } from "@/components/ui/time";
import { formatDuration } from "@/lib/duration";
import type { PendingApproval } from "@/lib/requests/queries";

/** One pending request with what an approver needs to decide it without opening it. */
export function PendingApprovalItem({ request }: { request: PendingApproval }) {
  const roleName = request.role?.name ?? request.roleId;
  return (
    <li className="flex flex-wrap items-start justify-between gap-4 px-3 py-4 sm:px-5">
      <div className="min-w-0 flex-1 space-y-1.5">
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
          <span>
            <span className="font-medium text-slate-900">{request.requester.name}</span> <span className="text-slate-600">asks for</span>{" "}
            <RoleLabel request={request} />
          </span>
          <KindBadge kind={request.kind} />
        </p>
        <p className="text-sm text-slate-600">
          {formatDuration(request.durationSeconds)}
          {request.requestedStartAt ? (
            <>
              {" "}
              from <Time date={request.requestedStartAt} />
            </>
          ) : (
            " once approved"
          )}{" "}
          · requested <Time date={request.createdAt} />
          {request.ticket && (
            <>
              {" "}
              · ticket <span className="font-mono text-slate-800">{request.ticket}</span>
            </>
          )}
        </p>
        <p className="line-clamp-2 whitespace-pre-wrap break-words text-sm text-slate-800">“{request.justification}”</p>
        <p className="text-sm text-slate-600">
          <ApprovalProgress request={request} />
        </p>
        <RecentForRole request={request} roleName={roleName} />
      </div>
      <Link href={`/requests/${request.id}`} className={buttonClasses(request.approvedByMe ? "secondary" : "primary", "sm")}>
        {request.approvedByMe ? "View" : "Review"}
        <span className="sr-only"> request from {request.requester.name}</span>
      </Link>
    </li>
  );
}

function RecentForRole({ request, roleName }: { request: PendingApproval; roleName: string }) {
  const firstName = request.requester.name.split(" ")[0] ?? request.requester.name;
  if (request.recentForRole.length === 0) {
    return (
      <p className="text-xs text-slate-600">
        {firstName}&apos;s first request for {roleName}.
      </p>
    );
  }
  return (
    <div className="text-xs text-slate-600">
      <p className="font-medium text-slate-600">
        {firstName}&apos;s recent {roleName} requests
      </p>
      <ul className="mt-1 flex flex-wrap gap-2" aria-label={`${request.requester.name}'s recent requests for ${roleName}`}>
        {request.recentForRole.map((recent) => (
          <li key={recent.id}>
            <Link
              href={`/requests/${recent.id}`}
              className="inline-flex flex-wrap items-center gap-1.5 rounded-md px-2 py-1 ring-1 ring-inset ring-slate-200 hover:bg-slate-50"
              title={recent.justification}
            >
              <StatusBadge status={recent.status} />
              <Time date={recent.createdAt} />
              <span className="text-slate-600">· {formatDuration(recent.durationSeconds)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
