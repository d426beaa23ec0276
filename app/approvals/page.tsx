import { LiveRefresh } from "@/components/layout/live-refresh";
import type { Metadata } from "next";
import { PendingApprovalItem } from "@/components/approvals/pending-approval-item";
import { ReviewTaskList } from "@/components/approvals/review-task-list";
import { RequestTable } from "@/components/requests/request-table";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/get-actor";
import { getDeps } from "@/lib/deps";
import { can } from "@/lib/policy/permissions";
import { listDecidedForApprover, listPendingApprovals, listReviewTasks } from "@/lib/requests/queries";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  const actor = await requireActor("/approvals");
  const deps = await getDeps();
  if (!can(actor, "approvals.view", null, deps.catalog)) {
    return (
      <>
        <PageHeader title="Approvals" />
        <Card>
          <EmptyState title="You approve no roles" description="None of your groups approves any role in the catalog." />
        </Card>
      </>
    );
  }
  const [pending, decided, tasks] = await Promise.all([listPendingApprovals(deps, actor), listDecidedForApprover(deps, actor), listReviewTasks(deps, actor)]);
  const forMe = pending.filter((r) => !r.approvedByMe);
  const forOthers = pending.filter((r) => r.approvedByMe);
  const openTasks = tasks.filter((t) => t.status === "OPEN").length;

  return (
    <>
      <PageHeader title="Approvals" description="Requests for the roles you approve. Your own requests go to someone else." />
      <LiveRefresh />
      <Card className="mb-6">
        <CardHeader title="Waiting for you" description={forMe.length === 0 ? "Nothing to decide." : `${forMe.length} pending, oldest first.`} />
        {forMe.length === 0 ? (
          <EmptyState title="Nothing to review" description="New requests for roles you approve appear here." />
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Pending requests">
            {forMe.map((request) => (
              <PendingApprovalItem key={request.id} request={request} />
            ))}
          </ul>
        )}
      </Card>
      {forOthers.length > 0 && (
        <Card className="mb-6">
          <CardHeader title="Waiting for others" description="You approved these; they need more approvals before access starts." />
          <ul className="divide-y divide-slate-100" aria-label="Waiting for other approvers">
            {forOthers.map((request) => (
              <PendingApprovalItem key={request.id} request={request} />
            ))}
          </ul>
        </Card>
      )}
      <Card className="mb-6">
        <CardHeader
          title="Break-glass reviews"
          description={
            tasks.length === 0
              ? "Emergency access that started without approval, to look at afterwards."
              : `${openTasks} open. Emergency access that started without approval: check what was done and record it.`
          }
        />
        {tasks.length === 0 ? (
          <EmptyState title="No break-glass activations" description="When someone breaks glass on a role you approve, it appears here for review." />
        ) : (
          <ReviewTaskList tasks={tasks} />
        )}
      </Card>
      <Card>
        <CardHeader title="History" description="Recently decided requests for the roles you approve." />
        {decided.length === 0 ? <EmptyState title="No decisions yet" /> : <RequestTable requests={decided} caption="Recently decided requests" showRequester />}
      </Card>
    </>
  );
}
