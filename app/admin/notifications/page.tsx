import { LiveRefresh } from "@/components/layout/live-refresh";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RetryDeliveryButton } from "@/components/notifications/retry-button";
import { TestMessageForm } from "@/components/notifications/test-message-form";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { requireActor } from "@/lib/auth/get-actor";
import { getDeps } from "@/lib/deps";
import { listNotificationDeliveries, type DeliveryState } from "@/lib/notify/list-deliveries";
import { can } from "@/lib/policy/permissions";

export const metadata: Metadata = { title: "Notifications" };
export const dynamic = "force-dynamic";

const STATE: Record<DeliveryState, { label: string; tone: "danger" | "warning" | "neutral" }> = {
  failed: { label: "Gave up", tone: "danger" },
  retrying: { label: "Retrying", tone: "warning" },
  waiting: { label: "Waiting", tone: "neutral" },
};

export default async function NotificationsPage() {
  const actor = await requireActor("/admin/notifications");
  const deps = await getDeps();
  if (!can(actor, "notifications.view", null, deps.catalog)) notFound();
  const overview = await listNotificationDeliveries(deps, { actor });
  const problems = overview.deliveries.filter((d) => d.state !== "waiting").length;

  return (
    <>
      <PageHeader
        title="Notifications"
        description="Slack messages and emails go out through the outbox after each change, retried until they are delivered. Deliveries that have not gone out yet are listed here."
      />
      <LiveRefresh topic="notifications" />
      <Card className="mb-6">
        <CardHeader title="Channels" />
        <CardBody className="space-y-2 text-sm text-slate-700">
          <p>
            Slack:{" "}
            <Badge tone={overview.slackConfigured ? "success" : "neutral"}>{overview.slackConfigured ? "configured" : "off (SLACK_BOT_TOKEN not set)"}</Badge>{" "}
            Buttons that decide from Slack:{" "}
            <Badge tone={overview.interactiveConfigured ? "success" : "neutral"}>
              {overview.interactiveConfigured ? "can be enabled per rule" : "off (SLACK_SIGNING_SECRET not set)"}
            </Badge>
          </p>
          <p>
            Email: <Badge tone={overview.emailConfigured ? "success" : "neutral"}>{overview.emailConfigured ? "configured" : "off (SMTP_URL not set)"}</Badge>
          </p>
          <p>
            {overview.deliveredLastDay} deliveries went out in the last 24 hours. Which channels each rule uses is set in the catalog (
            <Link href="/admin/catalog" className="font-medium text-indigo-600 hover:text-indigo-500">
              catalog
            </Link>
            , the rule&apos;s <code>notify</code> section).
          </p>
        </CardBody>
      </Card>
      <Card className="mb-6">
        <CardHeader title="Send a test message" description="Checks the token, the channel and the bot's membership (or the mail server) right now." />
        <CardBody>
          <TestMessageForm slack={overview.slackConfigured} email={overview.emailConfigured} />
        </CardBody>
      </Card>
      <Card>
        <CardHeader
          title="Pending and failed deliveries"
          description={
            problems > 0
              ? `${problems} with errors. The last error of each is shown; tokens and message contents never are.`
              : overview.deliveries.length > 0
                ? `${overview.deliveries.length} waiting for their time (reminders, or messages about to go out); none has failed.`
                : "Nothing is waiting and nothing has failed."
          }
        />
        {overview.deliveries.length === 0 ? (
          <EmptyState title="All caught up" description="Every notification has been delivered." />
        ) : (
          <>
            {problems > 0 && (
              <div className="px-5 pt-4">
                <Alert tone="warning">
                  Slack or the mail server refused or could not be reached. Deliveries keep retrying with growing pauses; requests themselves are not affected.
                </Alert>
              </div>
            )}
            <Table caption="Pending and failed notification deliveries">
              <thead>
                <tr>
                  <Th>State</Th>
                  <Th>Delivery</Th>
                  <Th>Request</Th>
                  <Th>Attempts</Th>
                  <Th>Next try</Th>
                  <Th>Last error</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {overview.deliveries.map((d) => (
                  <tr key={d.id}>
                    <Td>
                      <Badge tone={STATE[d.state].tone}>{STATE[d.state].label}</Badge>
                    </Td>
                    <Td>{d.what}</Td>
                    <Td>
                      {d.requestId ? (
                        <Link href={`/requests/${d.requestId}`} className="font-mono text-xs text-indigo-600 hover:text-indigo-500">
                          {d.requestId}
                        </Link>
                      ) : (
                        "—"
                      )}
                    </Td>
                    <Td>
                      {d.attempts} of {d.maxAttempts}
                    </Td>
                    <Td>{d.state === "failed" ? "—" : <Time date={d.runAt} />}</Td>
                    <Td className="max-w-md text-xs">{d.lastError ?? "—"}</Td>
                    <Td>{d.state === "failed" && <RetryDeliveryButton jobId={d.id} />}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </>
        )}
      </Card>
    </>
  );
}
