// A plain GET form: the filter lives in the URL, so any view of the trail is a link to share.
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import type { AuditFilterKey } from "@/lib/audit/audit-filter";
import type { Catalog } from "@/lib/catalog/schema";

// Suggestions only: the field takes any event type, including ones added after this list.
const KNOWN_ACTIONS = [
  "auth.signed-in",
  "auth.signed-out",
  "auth.sessions-ended",
  "request.created",
  "request.approved",
  "request.activated",
  "request.denied",
  "request.cancelled",
  "request.ended",
  "request.revoked",
  "revocation.requested",
  "revocation.applied",
  "revocation.removed",
  "access.console-link-issued",
  "access.credentials-issued",
  "access.issue-started",
  "access.issue-unconfirmed",
  "catalog.loaded",
  "catalog.roles-checked",
  "audit.exported",
];

export type AuditFormValues = Partial<Record<AuditFilterKey, string>>;

export function AuditFilterForm({
  values,
  errors,
  catalog,
}: {
  values: AuditFormValues;
  errors: Partial<Record<AuditFilterKey, string>>;
  catalog: Pick<Catalog, "roles" | "accounts">;
}) {
  return (
    <form method="get" action="/admin/audit" aria-label="Filter audit events" className="space-y-4 px-5 py-4">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Field id="person" label="Person" hint="Email or user id" error={errors.person}>
          <Input id="person" type="text" defaultValue={values.person} error={errors.person} autoComplete="off" />
        </Field>
        <Field id="action" label="Event type" hint="For example request.approved" error={errors.action}>
          <Input id="action" type="text" list="audit-actions" defaultValue={values.action} error={errors.action} autoComplete="off" />
        </Field>
        <datalist id="audit-actions">
          {KNOWN_ACTIONS.map((action) => (
            <option key={action} value={action} />
          ))}
        </datalist>
        <Field id="roleId" label="Role" error={errors.roleId}>
          <Select id="roleId" defaultValue={values.roleId ?? ""} error={errors.roleId}>
            <option value="">Any role</option>
            {catalog.roles.map((role) => (
              <option key={role.id} value={role.id}>
                {role.name} ({role.id})
              </option>
            ))}
          </Select>
        </Field>
        <Field id="accountId" label="Account" error={errors.accountId}>
          <Select id="accountId" defaultValue={values.accountId ?? ""} error={errors.accountId}>
            <option value="">Any account</option>
            {catalog.accounts.map((account) => (
              <option key={account.id} value={account.id}>
                {account.name} ({account.id})
              </option>
            ))}
          </Select>
        </Field>
        <Field id="requestId" label="Request id" error={errors.requestId}>
          <Input id="requestId" type="text" defaultValue={values.requestId} error={errors.requestId} autoComplete="off" spellCheck={false} />
        </Field>
        <Field id="from" label="From (UTC)" error={errors.from}>
          <Input id="from" type="datetime-local" step={1} defaultValue={values.from} error={errors.from} />
        </Field>
        <Field id="to" label="To (UTC)" hint="Up to, not including" error={errors.to}>
          <Input id="to" type="datetime-local" step={1} defaultValue={values.to} error={errors.to} />
        </Field>
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit">Apply filters</Button>
        <Link href="/admin/audit" className="text-sm font-medium text-slate-600 hover:text-slate-900">
          Clear
        </Link>
      </div>
    </form>
  );
}
