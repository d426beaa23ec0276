// An AWS organisation in the emulator: OUs and accounts, for discovery and template tests.
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";

export interface OrgPlan {
  /** OU name → account names in it (nested OUs as "Parent/Child"). */
  [ouPath: string]: string[];
}

/** Creates the organisation and returns account name → id and OU path → id. */
export async function createOrganization(motoUrl: string, plan: OrgPlan): Promise<{ accounts: Map<string, string>; ous: Map<string, string> }> {
  const org = new OrganizationsClient({
    region: "us-east-1",
    endpoint: motoUrl,
    credentials: { accessKeyId: "AKIAMOTOSETUP0000000", secretAccessKey: "moto-setup-not-a-secret" },
  });
  try {
    await org.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
    const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    const ous = new Map<string, string>();
    const accounts = new Map<string, string>();
    for (const [ouPath, names] of Object.entries(plan)) {
      let parent = rootId;
      const parts = ouPath ? ouPath.split("/") : [];
      for (let i = 0; i < parts.length; i++) {
        const key = parts.slice(0, i + 1).join("/");
        if (!ous.has(key)) ous.set(key, (await org.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: parts[i] }))).OrganizationalUnit!.Id!);
        parent = ous.get(key)!;
      }
      for (const name of names) {
        const status = (await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name.toLowerCase()}@example.com` }))).CreateAccountStatus!;
        accounts.set(name, status.AccountId!);
        if (parent !== rootId) await org.send(new MoveAccountCommand({ AccountId: status.AccountId, SourceParentId: rootId, DestinationParentId: parent }));
      }
    }
    return { accounts, ous };
  } finally {
    org.destroy();
  }
}
