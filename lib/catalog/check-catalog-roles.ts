import { roleNameFromArn } from "./schema";
import { managementRoleFor, managementRoleForArn } from "./management";
import { checkRole, type RoleCheckResult } from "./role-check";
import type { FederatedTrustContext } from "./federated-role-check";
import { mintModeFor, samlProviderArn } from "./mint-mode";
import { samlSigninEndpoint } from "@/lib/aws/console-link";
import type { CatalogRole } from "./schema";
import type { Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy/access";
import { assertCan } from "@/lib/policy/permissions";
import { auditedTransaction, recordAuditEvent } from "@/lib/audit/record-audit-event";

export interface CatalogCheck {
  callerArn: string;
  results: RoleCheckResult[];
  /** Per account: whether its management role can be assumed and read (issue 18). */
  accounts: AccountReachability[];
}

interface AccountReachability {
  accountId: string;
  name: string;
  /** null: the catalog names no management role there (Frontdesk's own credentials are used). */
  managementRoleArn: string | null;
  reachable: boolean;
  detail?: string;
}

/** Assumes each account's management role and reads the role itself back through it. */
async function checkManagementRoles(deps: Pick<Deps, "catalog" | "awsDirectory">): Promise<AccountReachability[]> {
  return Promise.all(
    deps.catalog.accounts.map(async (account): Promise<AccountReachability> => {
      const via = managementRoleFor(deps.catalog, account);
      const base = { accountId: account.id, name: account.name, managementRoleArn: via?.roleArn ?? null };
      if (!via)
        return { ...base, reachable: false, detail: "No management role in the catalog: revocations and role checks there use Frontdesk's own credentials." };
      try {
        const facts = await deps.awsDirectory.getRole(roleNameFromArn(via.roleArn), via);
        return facts ? { ...base, reachable: true } : { ...base, reachable: false, detail: "Assumed, but the role cannot see itself in IAM." };
      } catch (error) {
        return {
          ...base,
          reachable: false,
          detail: error instanceof AppError ? error.message : `Not reachable (${(error as { name?: string }).name ?? "error"}).`,
        };
      }
    }),
  );
}

/** Every catalog role against IAM. For operators (CLI) and, through checkCatalogRolesAsAdmin, admins. */
/** What a federated role's trust policy must accept; null for assume-role roles. */
function federatedContext(deps: Pick<Deps, "catalog" | "identityProvider">, role: CatalogRole): FederatedTrustContext | null {
  const mode = mintModeFor(deps.catalog, role);
  if (mode === "assume-role") return null;
  const partition = deps.catalog.accounts.find((a) => a.id === role.account)?.partition ?? "aws";
  return {
    mode,
    // Without settings (no FRONTDESK_SIGNING_KEY_SECRET) the check still reads the policy; minting itself is refused elsewhere.
    issuer: deps.identityProvider?.issuer ?? "",
    audience: deps.identityProvider?.audience ?? "sts.amazonaws.com",
    samlProviderArn: samlProviderArn(deps.catalog, role),
    samlAudience: samlSigninEndpoint(partition),
  };
}

export async function checkCatalogRoles(deps: Pick<Deps, "catalog" | "awsDirectory" | "identityProvider">): Promise<CatalogCheck> {
  const callerArn = await deps.awsDirectory.callerArn().catch(() => "");
  const results = await Promise.all(
    deps.catalog.roles.map(async (role) => {
      try {
        const via = managementRoleForArn(deps.catalog, role.arn);
        const facts = await deps.awsDirectory.getRole(roleNameFromArn(role.arn), via);
        return checkRole(role, facts, callerArn, via?.roleArn ?? null, federatedContext(deps, role));
      } catch (error) {
        const reason = (error as { name?: string }).name ?? "error";
        return {
          roleId: role.id,
          roleArn: role.arn,
          ok: false,
          checks: [
            {
              label: "Role can be read from IAM",
              ok: false,
              detail: `IAM refused or failed (${reason}). Frontdesk needs iam:GetRole on this role to check it.`,
            },
          ],
        };
      }
    }),
  );
  return { callerArn, results, accounts: await checkManagementRoles(deps) };
}

export async function checkCatalogRolesAsAdmin(deps: Deps, { actor }: { actor: Actor }): Promise<CatalogCheck> {
  assertCan(actor, "catalog.check-roles", null, deps.catalog);
  const check = await checkCatalogRoles(deps);
  await auditedTransaction(deps.db, (tx) =>
    recordAuditEvent(
      tx,
      {
        actorId: actor.id,
        action: "catalog.roles-checked",
        targetType: "catalog",
        data: {
          roles: check.results.length,
          failing: check.results
            .filter((r) => !r.ok)
            .map((r) => r.roleId)
            .join(","),
        },
      },
      deps.now(),
    ),
  );
  return check;
}
