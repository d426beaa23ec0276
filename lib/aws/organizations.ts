// Reads the accounts of an AWS organisation with the OU path of each (ids and names from the
// root), for catalog discovery. Read-only: organizations:ListRoots, ListOrganizationalUnitsForParent,
// ListAccountsForParent, from the management account or a delegated administrator.
import { ListAccountsForParentCommand, ListOrganizationalUnitsForParentCommand, ListRootsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";

export interface OrganizationAccount {
  id: string;
  name: string;
  /** OU ids and names from the root, e.g. ["ou-ab12-xyz", "Workloads", "ou-ab12-prd", "Prod"]. */
  ouPath: { id: string; name: string }[];
  status: string;
}

export async function listOrganizationAccounts(config: { region: string; endpoint?: string }): Promise<OrganizationAccount[]> {
  const client = new OrganizationsClient({ region: config.region, endpoint: config.endpoint, maxAttempts: 3 });
  try {
    const { Roots = [] } = await client.send(new ListRootsCommand({}));
    const found: OrganizationAccount[] = [];
    for (const root of Roots) if (root.Id) await walk(client, root.Id, [], found);
    return found;
  } finally {
    client.destroy();
  }
}

async function walk(client: OrganizationsClient, parentId: string, ouPath: OrganizationAccount["ouPath"], found: OrganizationAccount[]): Promise<void> {
  let token: string | undefined;
  do {
    const page = await client.send(new ListAccountsForParentCommand({ ParentId: parentId, NextToken: token }));
    for (const a of page.Accounts ?? []) if (a.Id) found.push({ id: a.Id, name: a.Name ?? a.Id, ouPath, status: String(a.Status ?? "ACTIVE") });
    token = page.NextToken;
  } while (token);
  do {
    const page = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken: token }));
    for (const ou of page.OrganizationalUnits ?? []) if (ou.Id) await walk(client, ou.Id, [...ouPath, { id: ou.Id, name: ou.Name ?? ou.Id }], found);
    token = page.NextToken;
  } while (token);
}
