import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AccessPanel } from "@/components/requests/access-panel";
import { CloudTrailPanel } from "@/components/requests/cloudtrail-panel";
import { getEnv } from "@/lib/env";
import { CancelRequestButton } from "@/components/requests/cancel-request-button";
import { DecisionPanel } from "@/components/requests/decision-panel";
import { EndAccessButton } from "@/components/requests/end-access-button";
import { RevocationStatus } from "@/components/requests/revocation-status";
import { RevokeAccessButton } from "@/components/requests/revoke-access-button";
import { RequestSummary } from "@/components/requests/request-summary";
import { RequestTimeline } from "@/components/requests/request-timeline";
import { StatusBadge } from "@/components/requests/status-badge";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/get-actor";
import { getDeps } from "@/lib/deps";
import { getRequestForViewer } from "@/lib/requests/queries";

export const metadata: Metadata = { title: "Request" };

export default async function RequestPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ created?: string; action?: string }>;
}) {
  const { id } = await params;
  const actor = await requireActor(`/requests/${id}`);
  const deps = await getDeps();
  const found = await getRequestForViewer(deps, actor, id);
  if (!found) notFound();
  const { request, permissions, closing, events } = found;
  const { created, action } = await searchParams;
  const roleName = request.role?.name ?? request.roleId;

  return (
    <div className="space-y-6">
      <PageHeader
        title={`${roleName} in ${request.account?.name ?? request.accountId}`}
        description={<span className="font-mono text-xs">Request {request.id}</span>}
        actions={<StatusBadge status={request.status} />}
      />
      {created && request.status === "PENDING" && (
        <Alert tone="success" title="Request sent">
          It now waits in the approval queue of this role&apos;s approvers. Come back to this page to see their decision.
        </Alert>
      )}
      {permissions.isOwnRequest && request.status === "PENDING" && !created && (
        <Alert tone="info">Waiting for an approver. You cannot approve your own request.</Alert>
      )}
      <RevocationStatus closing={closing} roleName={roleName} />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          {permissions.canUseAccess && request.endsAt && (
            <AccessPanel
              requestId={request.id}
              endsAt={request.endsAt.toISOString()}
              roleName={roleName}
              secondsLeft={Math.floor((request.endsAt.getTime() - deps.now().getTime()) / 1000)}
            />
          )}
          {permissions.canDecide && (
            <DecisionPanel requestId={request.id} initialDecision={action === "deny" ? "DENY" : action === "approve" ? "APPROVE" : undefined} />
          )}
          <RequestSummary request={request} now={deps.now()} closing={closing} />
          <CloudTrailPanel
            request={request}
            partition={request.account?.partition ?? "aws"}
            region={request.role?.console.region ?? getEnv().AWS_REGION}
          />
        </div>
        <div className="space-y-6">
          <RequestTimeline events={events} />
          {permissions.canCancel && <CancelRequestButton requestId={request.id} />}
          {closing.canEnd && <EndAccessButton requestId={request.id} managed={closing.managed} />}
          {closing.canRevoke && <RevokeAccessButton requestId={request.id} requesterName={request.requester.name} managed={closing.managed} />}
        </div>
      </div>
    </div>
  );
}
