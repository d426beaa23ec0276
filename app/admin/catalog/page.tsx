import { Time } from "@/components/ui/time";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RoleChecks } from "@/components/admin/role-checks";
import { RulesTable } from "@/components/requests/rules-table";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requireActor } from "@/lib/auth/get-actor";
import { catalogRefusal, getCatalog } from "@/lib/catalog/load-catalog";
import { Alert } from "@/components/ui/alert";
import { rulesForRole } from "@/lib/catalog/rules";
import { revokesAtAws } from "@/lib/catalog/management";
import { mintModeFor, mintModeSource } from "@/lib/catalog/mint-mode";
import { formatDuration } from "@/lib/duration";
import { can } from "@/lib/policy/permissions";

export const metadata: Metadata = { title: "Catalog" };

const unique = (items: string[]) => [...new Set(items)];

export default async function CatalogPage() {
  const actor = await requireActor("/admin/catalog");
  const catalog = getCatalog();
  if (!can(actor, "catalog.view", null, catalog)) notFound();
  const refusal = catalogRefusal();

  return (
    <>
      <PageHeader
        title="Access catalog"
        description="Accounts, roles and access rules as Frontdesk serves them. Edit the file: a valid change is picked up within seconds, without a restart."
        actions={<Badge tone="success">Valid</Badge>}
      />
      {refusal && (
        <div className="mb-6">
          <Alert tone="danger" title="Catalog change refused">
            The catalog file changed (sha256 {refusal.sha256.slice(0, 12)}) but was refused at <Time date={refusal.at} />; Frontdesk keeps serving the catalog
            below. Problems:
            <ul className="mt-2 list-disc pl-5 font-mono text-xs">
              {refusal.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </Alert>
        </div>
      )}
      <Card className="mb-6">
        <CardHeader title="Loaded file" />
        <dl className="divide-y divide-slate-100 text-sm">
          <div className="grid gap-1 px-5 py-3 sm:grid-cols-4 sm:gap-4">
            <dt className="font-medium text-slate-600">File</dt>
            <dd className="break-all font-mono text-xs text-slate-900 sm:col-span-3">{catalog.file}</dd>
          </div>
          <div className="grid gap-1 px-5 py-3 sm:grid-cols-4 sm:gap-4">
            <dt className="font-medium text-slate-600">sha256</dt>
            <dd className="break-all font-mono text-xs text-slate-900 sm:col-span-3">{catalog.sha256}</dd>
          </div>
          <div className="grid gap-1 px-5 py-3 sm:grid-cols-4 sm:gap-4">
            <dt className="font-medium text-slate-600">Validation</dt>
            <dd className="text-slate-700 sm:col-span-3">
              Checked when Frontdesk started: Frontdesk refuses to start with an invalid catalog, so everything on this page passed validation.{" "}
              {catalog.accounts.length} accounts, {catalog.roles.length} roles, {catalog.rules.length} rules.
            </dd>
          </div>
        </dl>
      </Card>
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
        <CardHeader title="Roles" description="Who may request each role (through its rules), and how sessions are shaped." />
        <Table caption="Roles">
          <thead className="bg-slate-50">
            <tr>
              <Th>Role</Th>
              <Th>Rules</Th>
              <Th>Requesters</Th>
              <Th>Approvers</Th>
              <Th>Window / session</Th>
              <Th>Minted by</Th>
              <Th>Session settings</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {catalog.roles.map((role) => {
              const rules = rulesForRole(catalog, role);
              return (
                <tr key={role.id}>
                  <Td>
                    <p className="font-medium text-slate-900">{role.name}</p>
                    <p className="break-all font-mono text-xs text-slate-600">{role.arn}</p>
                  </Td>
                  <Td className="font-mono text-xs">
                    {rules.length === 0 ? <span className="font-sans text-rose-700">none: nobody may request it</span> : rules.map((r) => r.id).join(", ")}
                  </Td>
                  <Td>{unique(rules.flatMap((rule) => [...rule.requesters.groups, ...rule.requesters.users])).join(", ")}</Td>
                  <Td>{unique(rules.flatMap((rule) => [...rule.approvers.groups, ...rule.approvers.users])).join(", ")}</Td>
                  <Td className="whitespace-nowrap">
                    {formatDuration(role.maxDuration)} / {formatDuration(role.maxSessionDuration)}
                  </Td>
                  <Td className="whitespace-nowrap text-xs">
                    <span className="font-mono">{mintModeFor(catalog, role)}</span>
                    <span className="block text-slate-500">
                      ({mintModeSource(catalog, role) === "default" ? "catalog default" : `set on the ${mintModeSource(catalog, role)}`})
                    </span>
                  </Td>
                  <Td className="text-xs">
                    <ul className="space-y-0.5">
                      {role.externalId && <li>External id required</li>}
                      {role.sessionPolicy && <li>Inline session policy</li>}
                      {role.managedPolicyArns.length > 0 && <li>{role.managedPolicyArns.length} managed session policies</li>}
                      {Object.keys({ ...role.sessionTags.static, ...role.sessionTags.fromClaims }).length > 0 && (
                        <li>Extra tags: {Object.keys({ ...role.sessionTags.static, ...role.sessionTags.fromClaims }).join(", ")}</li>
                      )}
                      <li>{revokesAtAws(catalog, role) ? "Revocation enforced at AWS" : "Revocation in Frontdesk only"}</li>
                    </ul>
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      </Card>
      <Card className="mb-6">
        <CardHeader
          title="Access rules"
          description="A request falls under the first rule, in this order, that covers the role and lets the person ask. Roles that name their own requesters and approvers have a one-approval rule of their own (listed last)."
        />
        <RulesTable catalog={catalog} />
      </Card>
      <RoleChecks />
    </>
  );
}
