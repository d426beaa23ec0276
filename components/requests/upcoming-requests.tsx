import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { formatDuration } from "@/lib/duration";
import type { RequestView } from "@/lib/requests/request-view";
import { ApprovalProgress } from "./approval-progress";
import { KindBadge } from "./kind-badge";
import { RoleLabel } from "./role-label";

const open = "text-sm font-medium text-indigo-600 hover:text-indigo-500";

/** Approved access whose window has not started yet. */
export function ScheduledGrants({ requests }: { requests: RequestView[] }) {
  return (
    <Card className="mb-6">
      <CardHeader title="Scheduled" description="Approved; the window opens by itself at its start time." />
      <ul className="divide-y divide-slate-100" aria-label="Scheduled access">
        {requests.map((request) => (
          <li key={request.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3">
            <div className="space-y-0.5">
              <RoleLabel request={request} />
              {request.startsAt && request.endsAt && (
                <p className="text-sm text-sky-800">
                  Starts at <Time date={request.startsAt} /> · until <Time date={request.endsAt} />
                </p>
              )}
            </div>
            <Link href={`/requests/${request.id}`} className={open}>
              View<span className="sr-only"> scheduled {request.role?.name ?? request.roleId}</span>
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** Requests still waiting for approvers. */
export function PendingRequests({ requests }: { requests: RequestView[] }) {
  return (
    <Card className="mb-6">
      <CardHeader title="Waiting for approval" description="Approvers of each role decide; you can cancel until they do." />
      <ul className="divide-y divide-slate-100" aria-label="Your pending requests">
        {requests.map((request) => (
          <li key={request.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3">
            <div className="space-y-0.5">
              <p className="flex flex-wrap items-center gap-2">
                <RoleLabel request={request} />
                <KindBadge kind={request.kind} />
              </p>
              <p className="text-sm text-slate-600">
                {formatDuration(request.durationSeconds)}
                {request.requestedStartAt && (
                  <>
                    {" "}
                    from <Time date={request.requestedStartAt} />
                  </>
                )}{" "}
                · <ApprovalProgress request={request} /> · asked <Time date={request.createdAt} />
              </p>
            </div>
            <Link href={`/requests/${request.id}`} className={open}>
              View<span className="sr-only"> pending {request.role?.name ?? request.roleId}</span>
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}
