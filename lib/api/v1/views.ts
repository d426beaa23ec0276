// The API's view of a request: the one RequestView, trimmed to what a terminal needs.
import type { RequestView } from "@/lib/requests/request-view";
import type { CatalogRole, Catalog } from "@/lib/catalog/schema";
import type { z } from "zod";
import type { requestShape, roleShape } from "./schemas";

export function requestJson(view: RequestView): z.input<typeof requestShape> {
  return {
    id: view.id,
    status: view.status,
    kind: view.kind,
    roleId: view.roleId,
    roleName: view.roleName,
    accountId: view.accountId,
    accountName: view.accountName,
    requester: { email: view.requester.email, name: view.requester.name },
    justification: view.justification,
    ticket: view.ticket,
    durationSeconds: view.durationSeconds,
    approvals: { count: view.approvals.count, required: view.approvals.required, remaining: view.approvals.remaining },
    createdAt: view.createdAt.toISOString(),
    startsAt: view.startsAt?.toISOString() ?? null,
    endsAt: view.endsAt?.toISOString() ?? null,
    closeReason: view.closeReason,
    setId: view.set?.id ?? null,
    roles: (view.set?.members ?? [{ ...view, id: view.id }]).map((m) => ({
      requestId: m.id,
      roleId: m.roleId,
      roleName: m.roleName,
      accountId: m.accountId,
      accountName: m.accountName,
      status: m.status,
      endsAt: m.endsAt?.toISOString() ?? null,
    })),
  };
}

export function roleJson(role: CatalogRole, catalog: Catalog): z.input<typeof roleShape> {
  const account = catalog.accounts.find((a) => a.id === role.account);
  return {
    id: role.id,
    name: role.name,
    description: role.description,
    accountId: role.account,
    accountName: account?.name ?? role.account,
    maxDurationSeconds: role.maxDuration,
  };
}
