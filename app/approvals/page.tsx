import type { Metadata } from "next";
import Link from "next/link";
import { RequestTable } from "@/components/requests/request-table";
import { RoleLabel } from "@/components/requests/role-label";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { requireActor } from "@/lib/auth/get-actor";
import { getDeps } from "@/lib/deps";
import { formatDuration } from "@/lib/duration";
import { approvableRoleIds } from "@/lib/policy/access";
import { listDecidedForApprover, listPendingApprovals } from "@/lib/requests/queries";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  const actor = await requireActor("/approvals");
  const deps = await getDeps();
  if (approvableRoleIds(actor, deps.catalog).length === 0) {
    return (
      <>
        <PageHeader title="Approvals" />
        <Card>
          <EmptyState title="You approve no roles" description="None of your groups approves any role in the catalog." />
        </Card>
      </>
    );
  }
  const [pending, decided] = await Promise.all([listPendingApprovals(deps, actor), listDecidedForApprover(deps, actor)]);

  return (
    <>
      <PageHeader title="Approvals" description="Requests for the roles you approve. Your own requests go to someone else." />
      <Card className="mb-6">
        <CardHeader title="Waiting for a decision" description={`${pending.length} pending, oldest first.`} />
        {pending.length === 0 ? (
          <EmptyState title="Nothing to review" description="New requests for roles you approve appear here." />
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Pending requests">
            {pending.map((request) => (
              <li key={request.id} className="flex flex-wrap items-start justify-between gap-4 px-5 py-4">
                <div className="min-w-0 flex-1 space-y-1">
                  <p className="text-sm">
                    <span className="font-medium text-slate-900">{request.requester.name}</span>{" "}
                    <span className="text-slate-500">asks for</span> <RoleLabel request={request} />
                  </p>
                  <p className="text-sm text-slate-600">
                    {formatDuration(request.durationSeconds)} · requested <Time date={request.createdAt} />
                  </p>
                  <p className="line-clamp-2 whitespace-pre-wrap break-words text-sm text-slate-800">“{request.justification}”</p>
                </div>
                <Link href={`/requests/${request.id}`} className={buttonClasses("primary", "sm")}>
                  Review<span className="sr-only"> request from {request.requester.name}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card>
        <CardHeader title="Recently decided" />
        {decided.length === 0 ? (
          <EmptyState title="No decisions yet" />
        ) : (
          <RequestTable requests={decided} caption="Recently decided requests" showRequester />
        )}
      </Card>
    </>
  );
}
