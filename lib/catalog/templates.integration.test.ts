// Templates and discovery against moto's AWS Organizations: an organisation with nested OUs and a
// dozen accounts is read, filtered, and templates stamp roles onto exactly the accounts they select.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listOrganizationAccounts } from "@/lib/aws/organizations";
import { createOrganization } from "@/scripts/dev/organization";
import { startMoto, type Moto } from "@/scripts/dev/moto";
import { accountsYaml, discoveredAccounts } from "./discovery";
import { parseCatalog } from "./parse-catalog";

let moto: Moto;
let ids: Map<string, string>;
let ous: Map<string, string>;

beforeAll(async () => {
  moto = await startMoto({ port: 0 });
  ({ accounts: ids, ous } = await createOrganization(moto.url, {
    "": ["Shared"],
    "Workloads/Prod": ["Payments", "Ledger", "Search", "Mobile"],
    "Workloads/Staging": ["PaymentsStaging", "LedgerStaging", "SearchStaging"],
    Sandbox: ["SandboxAna", "SandboxBo", "SandboxCy", "SandboxDi"],
  }));
}, 60_000);
afterAll(() => moto.stop());

const id = (name: string) => ids.get(name)!;

describe("discovery and templates", () => {
  it("discovers every account with its OU path, filtered by OU, include and exclude", async () => {
    const all = await listOrganizationAccounts({ region: "us-east-1", endpoint: moto.url });
    // The management account plus the dozen created.
    expect(all.length).toBe(13);
    const prod = discoveredAccounts(all, { ous: ["Prod"], include: [id("Shared")], exclude: [id("Mobile")] });
    expect(prod.map((a) => a.name).sort()).toEqual(["Ledger", "Payments", "Search", "Shared"]);
    expect(prod.find((a) => a.name === "Payments")?.ou).toBe(`${ous.get("Workloads")}/Workloads/${ous.get("Workloads/Prod")}/Prod`);
  });

  it("stamps template roles onto the accounts they select; the resolved catalog is what validation sees", async () => {
    const accounts = discoveredAccounts(await listOrganizationAccounts({ region: "us-east-1", endpoint: moto.url }));
    const catalog = parseCatalog(
      `${accountsYaml(accounts)}
roles:
  - { id: break-glass, name: BreakGlass, account: "${id("Shared")}", arn: "arn:aws:iam::${id("Shared")}:role/BreakGlass", maxDuration: 1h, requesters: [sre], approvers: [security] }
templates:
  - id: readonly
    name: ReadOnly
    roleName: FrontdeskReadOnly
    accounts: { all: true, exclude: ["${id("SandboxAna")}"] }
    role: { maxDuration: 8h, requesters: [engineering], approvers: [leads] }
  - id: deploy
    name: Deployer
    roleName: FrontdeskDeployer
    path: /frontdesk/
    accounts: { ous: [Prod, "${ous.get("Workloads/Staging")}"] }
    role: { maxDuration: 2h, requesters: [sre], approvers: [security], managed: true }
`,
      "templates.yaml",
    );
    const readonly = catalog.roles.filter((r) => r.id.startsWith("readonly-"));
    expect(readonly).toHaveLength(12); // 13 accounts minus one excluded
    expect(readonly.some((r) => r.account === id("SandboxAna"))).toBe(false);
    const deploy = catalog.roles.filter((r) => r.id.startsWith("deploy-"));
    expect(deploy.map((r) => r.account).sort()).toEqual(
      ["Payments", "Ledger", "Search", "Mobile", "PaymentsStaging", "LedgerStaging", "SearchStaging"].map(id).sort(),
    );
    expect(deploy.find((r) => r.account === id("Ledger"))).toMatchObject({
      arn: `arn:aws:iam::${id("Ledger")}:role/frontdesk/FrontdeskDeployer`,
      managed: true,
      maxDuration: 7200,
    });
    // Each stamped role has its own one-approval rule, like a hand-written one.
    expect(catalog.rules.find((r) => r.id === `deploy-${id("Ledger")}`)?.approvers.groups).toEqual(["security"]);
  });

  it("refuses a template that selects nothing or names an unknown account", () => {
    expect(() =>
      parseCatalog(
        `accounts: [{ id: "111111111111", name: A }]
roles: []
templates: [{ id: t, name: T, roleName: R, accounts: { ids: ["222222222222"] }, role: { maxDuration: 1h } }]`,
        "bad.yaml",
      ),
    ).toThrow(/no account with id 222222222222[\s\S]*selects no account/);
  });
});
