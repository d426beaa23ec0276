import type { Metadata } from "next";
import { RequestTable } from "@/components/requests/request-table";
import { ActiveGrants } from "@/components/requests/active-grants";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/get-actor";
import { getDeps } from "@/lib/deps";
import { requestableRoles } from "@/lib/policy/access";
import { listMyRequests } from "@/lib/requests/queries";

export const metadata: Metadata = { title: "My access" };

export default async function MyRequestsPage() {
  const actor = await requireActor("/requests");
  const deps = await getDeps();
  const requests = await listMyRequests(deps, actor);
  const canRequest = requestableRoles(actor, deps.catalog).length > 0;
  const active = requests.filter((r) => r.status === "ACTIVE");
  const newButton = canRequest && <ButtonLink href="/requests/new">Request access</ButtonLink>;

  return (
    <>
      <PageHeader title="My access" description="Your temporary AWS access and requests." actions={newButton} />
      {!canRequest && (
        <Card className="mb-6">
          <EmptyState
            title="No roles available to you"
            description="You are signed in, but none of your groups may request any role. Ask your Frontdesk admin which group grants the access you need."
          />
        </Card>
      )}
      {active.length > 0 && <ActiveGrants requests={active} now={deps.now()} />}
      <Card>
        <CardHeader title="Requests" description="Newest first." />
        {requests.length === 0 ? (
          <EmptyState
            title="No requests yet"
            description="When you need access to an AWS account, request a role here. An approver is asked, and you get a console link or credentials for the time approved."
            action={newButton}
          />
        ) : (
          <RequestTable requests={requests} caption="Your requests" />
        )}
      </Card>
    </>
  );
}
