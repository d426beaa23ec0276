import { roleNameFromArn } from "./schema";
import { checkRole, type RoleCheckResult } from "./role-check";
import type { Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy/access";
import { assertCan } from "@/lib/policy/permissions";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";

export interface CatalogCheck {
  callerArn: string;
  results: RoleCheckResult[];
}

/** Every catalog role against IAM. For operators (CLI) and, through checkCatalogRolesAsAdmin, admins. */
export async function checkCatalogRoles(deps: Pick<Deps, "catalog" | "awsDirectory">): Promise<CatalogCheck> {
  const callerArn = await deps.awsDirectory.callerArn().catch(() => "");
  const results = await Promise.all(
    deps.catalog.roles.map(async (role) => {
      try {
        return checkRole(role, await deps.awsDirectory.getRole(roleNameFromArn(role.arn)), callerArn);
      } catch (error) {
        const reason = (error as { name?: string }).name ?? "error";
        return {
          roleId: role.id,
          roleArn: role.arn,
          ok: false,
          checks: [{ label: "Role can be read from IAM", ok: false, detail: `IAM refused or failed (${reason}). Frontdesk needs iam:GetRole on this role to check it.` }],
        };
      }
    }),
  );
  return { callerArn, results };
}

export async function checkCatalogRolesAsAdmin(deps: Deps, { actor }: { actor: Actor }): Promise<CatalogCheck> {
  assertCan(actor, "catalog.check-roles", null, deps.catalog);
  const check = await checkCatalogRoles(deps);
  await deps.db.$transaction((tx) =>
    recordAuditEvent(
      tx,
      {
        actorId: actor.id,
        action: "catalog.roles-checked",
        targetType: "catalog",
        data: { roles: check.results.length, failing: check.results.filter((r) => !r.ok).map((r) => r.roleId).join(",") },
      },
      deps.now(),
    ),
  );
  return check;
}
