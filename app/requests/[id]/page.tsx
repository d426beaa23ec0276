import { NavSection } from "@/components/layout/nav-section";
import { LiveRefresh } from "@/components/layout/live-refresh";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AccessPanel } from "@/components/requests/access-panel";
import { ApproversPanel } from "@/components/requests/approvers-panel";
import { CancelRequestButton } from "@/components/requests/cancel-request-button";
import { CloudTrailPanel } from "@/components/requests/cloudtrail-panel";
import { DecisionPanel } from "@/components/requests/decision-panel";
import { EndAccessButton } from "@/components/requests/end-access-button";
import { KindBadge } from "@/components/requests/kind-badge";
import { RequestSetPanel } from "@/components/requests/request-set-panel";
import { RequestSummary } from "@/components/requests/request-summary";
import { RequestTimeline } from "@/components/requests/request-timeline";
import { ReviewTaskForm } from "@/components/requests/review-task-panel";
import { ReviewTaskStatus } from "@/components/requests/review-task-status";
import { RevocationStatus } from "@/components/requests/revocation-status";
import { RevokeAccessButton } from "@/components/requests/revoke-access-button";
import { StatusBadge } from "@/components/requests/status-badge";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { requireActor } from "@/lib/auth/get-actor";
import { getDeps } from "@/lib/deps";
import { getEnv } from "@/lib/env";
import { approverRoster } from "@/lib/requests/approver-roster";
import { getRequestForViewer } from "@/lib/requests/queries";
import { canAskAgain } from "@/lib/requests/state";

export const metadata: Metadata = { title: "Request" };

const more = (n: number) => `${n} more ${n === 1 ? "approval" : "approvals"}`;

export default async function RequestPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ created?: string; action?: string; stepup?: string }>;
}) {
  const { id } = await params;
  const { created, action, stepup } = await searchParams;
  // A deep link's decision (?action=approve|deny) survives the trip through sign-in.
  const decision = action === "approve" || action === "deny" ? `?action=${action}` : "";
  const actor = await requireActor(`/requests/${encodeURIComponent(id)}${decision}`);
  const deps = await getDeps();
  const found = await getRequestForViewer(deps, actor, id);
  if (!found) notFound();
  const { request, permissions, closing, events, related } = found;
  const now = deps.now();
  const roleName = request.role?.name ?? request.roleId;
  const pending = request.status === "PENDING";
  const { count: approvedCount, required, remaining: left } = request.approvals;
  const task = related.reviewTask;
  const roster = pending && request.kind !== "BREAK_GLASS" ? await approverRoster(deps, request) : null;

  return (
    <div className="space-y-6">
      <LiveRefresh requestId={request.id} />
      {!permissions.isOwnRequest && <NavSection href="/approvals" />}
      <PageHeader
        title={
          request.set
            ? `${request.set.members.length} roles: ${request.set.members.map((m) => m.roleName).join(", ")}`
            : `${roleName} in ${request.account?.name ?? request.accountId}`
        }
        description={<span className="font-mono text-xs">Request {request.id}</span>}
        actions={
          <div className="flex items-center gap-2">
            <KindBadge kind={request.kind} />
            <StatusBadge status={request.status} />
          </div>
        }
      />
      {created && pending && (
        <Alert tone="success" title="Request sent">
          It now waits for {required === 1 ? "an approval" : `${required} approvals`} from this role&apos;s approvers. Come back to this page to see their
          decision.
        </Alert>
      )}
      {created && request.kind === "BREAK_GLASS" && request.status === "ACTIVE" && (
        <Alert tone="warning" title="Break glass: your access is active">
          It started without approval. The role&apos;s approvers have been notified and will review what was done.
        </Alert>
      )}
      {created && request.kind !== "BREAK_GLASS" && request.requiredApprovals === 0 && !pending && (
        <Alert tone="success" title="Approved automatically">
          The role&apos;s rule approves requests like this one at once.
        </Alert>
      )}
      {permissions.isOwnRequest && pending && !created && (
        <Alert tone="info">
          Waiting for {left === required ? (left === 1 ? "an approver" : `${left} approvals`) : more(left)}
          {required > 1 && ` (${approvedCount} of ${required} so far)`}. You cannot approve your own request.
        </Alert>
      )}
      {permissions.approvedByMe && pending && (
        <Alert tone="info" title={`You approved; waiting for ${more(left)}`}>
          {approvedCount} of {required} approvals so far. Another approver must approve it before the access starts.
        </Alert>
      )}
      {request.scheduled && request.startsAt && request.endsAt && (
        <Alert tone="info" title="Approved and scheduled">
          Starts at <Time date={request.startsAt} /> and ends at <Time date={request.endsAt} />. Come back then to open the console or get credentials.
        </Alert>
      )}
      {request.kind === "EXTENSION" && request.extendsId && (
        <Alert tone="info">
          More time for{" "}
          <Link href={`/requests/${request.extendsId}`} className="font-medium underline underline-offset-2">
            your active access
          </Link>
          {request.status === "APPROVED" && request.endsAt && (
            <>
              : that access now runs until <Time date={request.endsAt} />
            </>
          )}
          .
        </Alert>
      )}
      <RevocationStatus closing={closing} roleName={roleName} />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          {request.set && <RequestSetPanel members={request.set.members} currentId={request.id} canUse={permissions.isOwnRequest} now={now} />}
          {!request.set && permissions.canUseAccess && request.endsAt && (
            <AccessPanel
              requestId={request.id}
              endsAt={request.endsAt.toISOString()}
              roleName={roleName}
              secondsLeft={Math.floor((request.endsAt.getTime() - now.getTime()) / 1000)}
            />
          )}
          {permissions.canDecide && (
            <DecisionPanel
              requestId={request.id}
              initialDecision={action === "deny" ? "DENY" : action === "approve" ? "APPROVE" : undefined}
              denyCommentRequired={request.rule?.denyComment !== "optional"}
              approvals={request.approvals}
              mfaMissing={request.rule?.mfa.approve === true && actor.mfa !== true}
              stepUpFailed={stepup === "mfa" && actor.mfa !== true}
            />
          )}
          {task?.status === "OPEN" && permissions.canCompleteReview && <ReviewTaskForm requestId={request.id} requesterName={request.requester.name} />}
          {roster && (
            <ApproversPanel
              roster={roster}
              groups={request.rule?.approvers.groups ?? []}
              requestId={request.id}
              canNudge={permissions.isOwnRequest}
              now={now}
            />
          )}
          <RequestSummary request={request} now={now} closing={closing} related={related} />
          <CloudTrailPanel request={request} partition={request.account?.partition ?? "aws"} region={request.role?.console.region ?? getEnv().AWS_REGION} />
        </div>
        <div className="space-y-6">
          {task && !(task.status === "OPEN" && permissions.canCompleteReview) && <ReviewTaskStatus task={task} />}
          <RequestTimeline events={events} wholeSet={request.set !== null} />
          {permissions.canExtend && (
            <div className="space-y-1">
              <ButtonLink href={`/requests/new?extend=${encodeURIComponent(request.id)}`} variant="secondary" className="w-full">
                {request.set ? `Ask for more time for ${roleName}` : "Ask for more time"}
              </ButtonLink>
              {request.set && (
                <p className="text-xs text-slate-600">
                  Only {roleName} in {request.account?.name ?? request.accountId} gets more time; the other roles of this request keep their end.
                </p>
              )}
            </div>
          )}
          {permissions.isOwnRequest && canAskAgain(request) && (
            <ButtonLink href={`/requests/new?again=${encodeURIComponent(request.id)}`} variant="secondary" className="w-full">
              Request again
            </ButtonLink>
          )}
          {permissions.canCancel && <CancelRequestButton requestId={request.id} />}
          {closing.canEnd && <EndAccessButton requestId={request.id} managed={closing.managed} />}
          {closing.canRevoke && <RevokeAccessButton requestId={request.id} requesterName={request.requester.name} managed={closing.managed} />}
        </div>
      </div>
    </div>
  );
}
