// Which role Frontdesk assumes in an account to change or read IAM there. Pure: catalog in, ARN out.
import { ROLE_ARN } from "@/lib/aws/limits";
import { mintModeFor } from "./mint-mode";
import type { Catalog, CatalogAccount, CatalogRole } from "./schema";

export interface ManagementRole {
  /** The management role's ARN in the target account. */
  roleArn: string;
  externalId?: string;
  /** assume-role: with Frontdesk's own credentials; web-identity: with a token Frontdesk signs, no credentials. */
  mint: "assume-role" | "web-identity";
}

/** The account's management role, or null when the catalog gives it none (Frontdesk's own credentials are used). */
export function managementRoleFor(catalog: Pick<Catalog, "management">, account: CatalogAccount): ManagementRole | null {
  if (account.management === false) return null;
  const defaults = catalog.management;
  const name = account.management?.roleName ?? defaults?.roleName;
  if (!name) return null;
  const path = account.management?.path ?? defaults?.path ?? "/";
  const roleName = name
    .replaceAll("{accountId}", account.id)
    .replaceAll("{accountName}", account.name.replace(/[^\w+=,.@-]+/g, "-"))
    .slice(0, 64);
  const mint = account.management?.mint ?? defaults?.mint ?? "assume-role";
  // An account that switches to web-identity does not inherit the default's external id (STS takes none there).
  const externalId = mint === "web-identity" ? undefined : (account.management?.externalId ?? defaults?.externalId);
  return { roleArn: `arn:${account.partition}:iam::${account.id}:role${path}${roleName}`, mint, ...(externalId ? { externalId } : {}) };
}

/** The management role for the account a role ARN lives in; null when none is set or the account is not in the catalog. */
export function managementRoleForArn(catalog: Pick<Catalog, "management" | "accounts">, roleArn: string): ManagementRole | null {
  const accountId = ROLE_ARN.exec(roleArn)?.[2];
  const account = catalog.accounts.find((a) => a.id === accountId);
  return account ? managementRoleFor(catalog, account) : null;
}

/**
 * Whether ending a grant early on this role writes a deny policy at AWS. `managed: true` is not
 * enough for a web-identity or saml role: those exist so Frontdesk needs no AWS credentials, and
 * the only credential-free way into IAM is the account's management role. Without one, such a
 * role is revoked in Frontdesk only, and the request page says that issued sessions live on.
 */
export function revokesAtAws(
  catalog: Pick<Catalog, "management" | "accounts" | "minting">,
  role: Pick<CatalogRole, "managed" | "account" | "mint" | "arn">,
): boolean {
  if (!role.managed) return false;
  if (mintModeFor(catalog, role) === "assume-role") return true;
  return managementRoleForArn(catalog, role.arn) !== null;
}
