import type { RequestView } from "@/lib/requests/request-view";

/** "Developer · Sandbox (123456789012)", falling back to ids when the catalog no longer has them. */
export function RoleLabel({ request }: { request: Pick<RequestView, "role" | "account" | "roleId" | "accountId"> & Partial<Pick<RequestView, "set">> }) {
  const others = (request.set?.members.length ?? 1) - 1;
  return (
    <span>
      <span className="font-medium text-slate-900">{request.role?.name ?? request.roleId}</span>
      <span className="text-slate-600">
        {" · "}
        {request.account?.name ?? "Unknown account"} <span className="font-mono text-xs">({request.accountId})</span>
      </span>
      {others > 0 && <span className="text-slate-500"> and {others === 1 ? "1 more role" : `${others} more roles`}</span>}
    </span>
  );
}
