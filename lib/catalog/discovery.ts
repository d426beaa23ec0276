// Catalog discovery: the accounts of the organisation as catalog entries (with their OU path, so
// templates can select by OU), filtered by include/exclude. Pure: Organizations' answer comes in as data.
import type { OrganizationAccount } from "@/lib/aws/organizations";

export interface DiscoveryFilter {
  /** Only accounts in these OUs (id or name), or with these ids; everything when both are empty. */
  ous?: string[];
  include?: string[];
  exclude?: string[];
}

export interface DiscoveredAccount {
  id: string;
  name: string;
  ou: string;
}

export function discoveredAccounts(accounts: OrganizationAccount[], filter: DiscoveryFilter = {}): DiscoveredAccount[] {
  const { ous = [], include = [], exclude = [] } = filter;
  return accounts
    .filter((a) => a.status === "ACTIVE" && !exclude.includes(a.id))
    .filter((a) => (ous.length === 0 && include.length === 0) || include.includes(a.id) || a.ouPath.some((ou) => ous.includes(ou.id) || ous.includes(ou.name)))
    .map((a) => ({ id: a.id, name: a.name, ou: a.ouPath.flatMap((ou) => [ou.id, ou.name]).join("/") || "root" }))
    .sort((x, y) => x.id.localeCompare(y.id));
}

/** The `accounts:` block for the catalog file. */
export function accountsYaml(accounts: DiscoveredAccount[]): string {
  return ["accounts:", ...accounts.map((a) => `  - { id: "${a.id}", name: ${JSON.stringify(a.name)}, ou: ${JSON.stringify(a.ou)} }`)].join("\n") + "\n";
}
