import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RoleChecks } from "@/components/admin/role-checks";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requireActor } from "@/lib/auth/get-actor";
import { getCatalog } from "@/lib/catalog/load-catalog";
import { formatDuration } from "@/lib/duration";
import { isAdmin } from "@/lib/policy/access";

export const metadata: Metadata = { title: "Catalog" };

export default async function CatalogPage() {
  const actor = await requireActor("/admin/catalog");
  const catalog = getCatalog();
  if (!isAdmin(actor, catalog)) notFound();

  return (
    <>
      <PageHeader
        title="Access catalog"
        description={
          <>
            Loaded from <span className="font-mono text-xs">{catalog.file}</span> (sha256{" "}
            <span className="font-mono text-xs">{catalog.sha256.slice(0, 16)}</span>). Edit the file and restart to change it.
          </>
        }
        actions={<Badge tone="success">Valid</Badge>}
      />
      <Card className="mb-6">
        <CardHeader title="Accounts" />
        <Table caption="Accounts">
          <thead className="bg-slate-50">
            <tr>
              <Th>Name</Th>
              <Th>Account id</Th>
              <Th>Partition</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {catalog.accounts.map((account) => (
              <tr key={account.id}>
                <Td className="font-medium text-slate-900">{account.name}</Td>
                <Td className="font-mono text-xs">{account.id}</Td>
                <Td>{account.partition}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
      <Card className="mb-6">
        <CardHeader title="Roles" description="Who may request each role, who approves it, and how sessions are shaped." />
        <Table caption="Roles">
          <thead className="bg-slate-50">
            <tr>
              <Th>Role</Th>
              <Th>Requesters</Th>
              <Th>Approvers</Th>
              <Th>Window / session</Th>
              <Th>Session settings</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {catalog.roles.map((role) => (
              <tr key={role.id}>
                <Td>
                  <p className="font-medium text-slate-900">{role.name}</p>
                  <p className="break-all font-mono text-xs text-slate-500">{role.arn}</p>
                </Td>
                <Td>{role.requesters.join(", ")}</Td>
                <Td>{role.approvers.join(", ")}</Td>
                <Td className="whitespace-nowrap">
                  {formatDuration(role.maxDuration)} / {formatDuration(role.maxSessionDuration)}
                </Td>
                <Td className="text-xs">
                  <ul className="space-y-0.5">
                    {role.externalId && <li>External id required</li>}
                    {role.sessionPolicy && <li>Inline session policy</li>}
                    {role.managedPolicyArns.length > 0 && <li>{role.managedPolicyArns.length} managed session policies</li>}
                    {Object.keys({ ...role.sessionTags.static, ...role.sessionTags.fromClaims }).length > 0 && (
                      <li>Extra tags: {Object.keys({ ...role.sessionTags.static, ...role.sessionTags.fromClaims }).join(", ")}</li>
                    )}
                    <li>{role.managed ? "Revocation enforced at AWS" : "Revocation in Frontdesk only"}</li>
                  </ul>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
      <RoleChecks />
    </>
  );
}
