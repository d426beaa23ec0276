import { LiveRefresh } from "@/components/layout/live-refresh";
import type { Metadata } from "next";
import { ActiveGrants } from "@/components/requests/active-grants";
import { RequestTable } from "@/components/requests/request-table";
import { PendingRequests, ScheduledGrants } from "@/components/requests/upcoming-requests";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/get-actor";
import { getDeps } from "@/lib/deps";
import { redirect } from "next/navigation";
import { hasAnyAccess, requestableRoles } from "@/lib/policy/access";
import { listMyRequests } from "@/lib/requests/queries";

export const metadata: Metadata = { title: "My access" };

export default async function MyRequestsPage() {
  const actor = await requireActor("/requests");
  const deps = await getDeps();
  const now = deps.now();
  const requests = await listMyRequests(deps, actor);
  // Where sign-in lands by default: someone whose groups grant nothing (and who has no history)
  // is told so, with the groups Frontdesk received, rather than shown empty lists.
  if (requests.length === 0 && !hasAnyAccess(actor, deps.catalog)) redirect("/no-access");
  const canRequest = requestableRoles(actor, deps.catalog).length > 0;
  const active = requests.filter((r) => r.status === "ACTIVE");
  // An approved extension lengthens its grant: it is history, not access of its own.
  const scheduled = requests.filter((r) => r.scheduled);
  const pending = requests.filter((r) => r.status === "PENDING");
  const shown = new Set([...active, ...scheduled, ...pending].map((r) => r.id));
  const history = requests.filter((r) => !shown.has(r.id));
  const newButton = canRequest && <ButtonLink href="/requests/new">Request access</ButtonLink>;

  return (
    <>
      <PageHeader title="My access" description="Your temporary AWS access and requests." actions={newButton} />
      <LiveRefresh />
      {!canRequest && (
        <Card className="mb-6">
          <EmptyState
            title="No roles available to you"
            description="You are signed in, but none of your groups may request any role. Ask your Frontdesk admin which group grants the access you need."
          />
        </Card>
      )}
      {active.length > 0 && <ActiveGrants requests={active} now={now} />}
      {scheduled.length > 0 && <ScheduledGrants requests={scheduled} />}
      {pending.length > 0 && <PendingRequests requests={pending} />}
      <Card>
        <CardHeader
          title={requests.length === 0 ? "Requests" : "History"}
          description={requests.length === 0 ? undefined : "Ended, denied and cancelled requests, newest first."}
        />
        {requests.length === 0 ? (
          <EmptyState
            title="No requests yet"
            description="When you need access to an AWS account, request a role here. An approver is asked, and you get a console link or credentials for the time approved."
            action={newButton}
          />
        ) : history.length === 0 ? (
          <EmptyState title="Nothing here yet" description="Requests that have ended, were denied or cancelled appear here." />
        ) : (
          <RequestTable requests={history} caption="Your earlier requests" askAgain />
        )}
      </Card>
    </>
  );
}
