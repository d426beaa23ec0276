import type { Metadata } from "next";
import { RequestForm, type RoleOption } from "@/components/requests/request-form";
import { Card, CardBody } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/get-actor";
import { getCatalog } from "@/lib/catalog/load-catalog";
import { requestableRoles } from "@/lib/policy/access";

export const metadata: Metadata = { title: "Request access" };

export default async function NewRequestPage({ searchParams }: { searchParams: Promise<{ role?: string }> }) {
  const actor = await requireActor("/requests/new");
  const catalog = getCatalog();
  const roles: RoleOption[] = requestableRoles(actor, catalog).map((role) => {
    const account = catalog.accounts.find((a) => a.id === role.account);
    return {
      id: role.id,
      label: `${role.name} · ${account?.name ?? role.account} (${role.account})`,
      description: role.description,
      maxMinutes: Math.floor(role.maxDuration / 60),
    };
  });
  const { role } = await searchParams;

  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title="Request access" description="Ask for a role for a limited time. An approver for the role decides." />
      <Card>
        {roles.length === 0 ? (
          <EmptyState title="No roles available to you" description="None of your groups may request any role. Ask your Frontdesk admin." />
        ) : (
          <CardBody>
            <RequestForm roles={roles} initialRoleId={roles.some((r) => r.id === role) ? role : undefined} />
          </CardBody>
        )}
      </Card>
    </div>
  );
}
