import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import type { RequestView } from "@/lib/requests/request-view";
import { KindBadge } from "./kind-badge";
import { LiveRemaining } from "./live-remaining";
import { RoleLabel } from "./role-label";

export function ActiveGrants({ requests, now }: { requests: RequestView[]; now: Date }) {
  return (
    <Card className="mb-6">
      <CardHeader title="Active now" description="Open the console or get credentials from the request page." />
      <ul className="divide-y divide-slate-100" aria-label="Active access">
        {requests.map((request) => (
          <li key={request.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3">
            <div className="space-y-0.5">
              <p className="flex flex-wrap items-center gap-2">
                <RoleLabel request={request} />
                <KindBadge kind={request.kind} />
              </p>
              {request.endsAt && (
                <p className="text-sm text-emerald-700" aria-live="off">
                  <LiveRemaining until={request.endsAt.toISOString()} serverNow={now.toISOString()} /> · until <Time date={request.endsAt} />
                </p>
              )}
            </div>
            <Link href={`/requests/${request.id}`} className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
              Use access<span className="sr-only"> for {request.role?.name ?? request.roleId}</span>
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}
