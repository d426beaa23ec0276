import { LiveRefresh } from "@/components/layout/live-refresh";
import type { Metadata } from "next";
import { NextPageLink } from "@/components/approvals/next-page-link";
import { PendingApprovalItem } from "@/components/approvals/pending-approval-item";
import { ReviewTaskList } from "@/components/approvals/review-task-list";
import { RequestTable } from "@/components/requests/request-table";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/get-actor";
import { getDeps } from "@/lib/deps";
import { can } from "@/lib/policy/permissions";
import { HISTORY_PAGE, listDecidedForApprover, listPendingApprovals, listReviewTasks, PENDING_PAGE } from "@/lib/requests/queries";

export const metadata: Metadata = { title: "Approvals" };

type Params = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (typeof value === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(value) ? value : null);

/** The page's address with one cursor changed (null: that list from its start), the other kept. */
function pageHref(cursors: { queue: string | null; history: string | null }): string {
  const query = new URLSearchParams();
  if (cursors.queue) query.set("queue", cursors.queue);
  if (cursors.history) query.set("history", cursors.history);
  const text = query.toString();
  return text ? `/approvals?${text}` : "/approvals";
}

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<Params> }) {
  // Each list pages on its own: `queue` and `history` are the last ids of the pages before.
  const params = await searchParams;
  const cursors = { queue: one(params.queue), history: one(params.history) };
  const actor = await requireActor(pageHref(cursors));
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
  const [pending, decided, tasks] = await Promise.all([
    listPendingApprovals(deps, actor, { after: cursors.queue }),
    listDecidedForApprover(deps, actor, { after: cursors.history }),
    listReviewTasks(deps, actor),
  ]);
  // A full page may have more after it; its last item is where the next one starts.
  const queueNext = pending.length === PENDING_PAGE ? pageHref({ ...cursors, queue: pending.at(-1)!.id }) : null;
  const historyNext = decided.length === HISTORY_PAGE ? pageHref({ ...cursors, history: decided.at(-1)!.id }) : null;
  const queueFirst = cursors.queue ? pageHref({ ...cursors, queue: null }) : null;
  const historyFirst = cursors.history ? pageHref({ ...cursors, history: null }) : null;
  const forMe = pending.filter((r) => !r.approvedByMe);
  const forOthers = pending.filter((r) => r.approvedByMe);
  const openTasks = tasks.filter((t) => t.status === "OPEN").length;

  return (
    <>
      <PageHeader title="Approvals" description="Requests for the roles you approve. Your own requests go to someone else." />
      <LiveRefresh />
      <Card className="mb-6">
        <CardHeader
          title="Waiting for you"
          description={forMe.length === 0 ? "Nothing to decide." : `${forMe.length} pending${queueNext ? " on this page" : ""}, oldest first.`}
        />
        {forMe.length === 0 ? (
          <EmptyState title="Nothing to review" description="New requests for roles you approve appear here." />
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Pending requests">
            {forMe.map((request) => (
              <PendingApprovalItem key={request.id} request={request} />
            ))}
          </ul>
        )}
        <NextPageLink href={queueNext} first={queueFirst} label="Pages of the queue" />
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
        <NextPageLink href={historyNext} first={historyFirst} label="Pages of the history" />
      </Card>
    </>
  );
}
