import { describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import { ruleById } from "@/lib/catalog/rules";
import type { Actor } from "@/lib/policy/access";
import { combineRoles, compactRoleOptions, expandGroups, expandRoleOptions, extensionOption, groupByAccount, groupOf, roleOptions } from "./role-options";

const catalog = parseCatalog(
  `
accounts: [{ id: "123456789012", name: Sandbox }, { id: "210987654321", name: Production }]
roles:
  - { id: dev, name: Developer, description: Sandbox work, account: "123456789012", arn: "arn:aws:iam::123456789012:role/Dev", maxDuration: 8h }
  - { id: ro, name: ReadOnly, account: "210987654321", arn: "arn:aws:iam::210987654321:role/RO", maxDuration: 4h, requesters: [eng], approvers: [sec] }
  - { id: op, name: Operator, account: "210987654321", arn: "arn:aws:iam::210987654321:role/Op", maxDuration: 4h }
  - { id: admin, name: Admin, account: "210987654321", arn: "arn:aws:iam::210987654321:role/Admin", maxDuration: 2h }
rules:
  - id: sandbox
    roles: [dev]
    requesters: [eng]
    approvers: [sec]
    autoApprove: { groups: [eng], maxDuration: 30m }
  - id: change
    roles: [op]
    requesters: [eng]
    approvers: { groups: [sec, leads], users: [Dana@Example.com] }
    approvals: 2
    maxDuration: 2h
    pendingTimeout: 8h
    ticket: { required: true, pattern: "(OPS|INC)-[0-9]+", example: OPS-1234 }
    mfa: { request: true }
  - id: admin-rule
    roles: [admin]
    requesters: [admins]
    approvers: [sec]
    breakGlass: { groups: [oncall], maxDuration: 45m }
`,
  "t.yaml",
);
const person = (groups: string[]): Actor => ({ id: "p", email: "p@example.com", name: "P", groups });
const role = (id: string) => catalog.roles.find((r) => r.id === id)!;

describe("roleOptions", () => {
  it("offers only the roles a person may ask for, labelled with their account", () => {
    const options = roleOptions(catalog, person(["eng"]));
    expect(options.map((o) => o.label)).toEqual([
      "Developer · Sandbox (123456789012)",
      "ReadOnly · Production (210987654321)",
      "Operator · Production (210987654321)",
    ]);
    expect(roleOptions(catalog, person(["marketing"]))).toEqual([]);
  });

  it("takes limits, approvers and the ticket from the rule that would route the request", () => {
    const op = roleOptions(catalog, person(["eng"])).find((o) => o.id === "op")!;
    expect(op.standard).toEqual({
      ruleId: "change",
      maxMinutes: 120,
      approvals: 2,
      approvers: ["sec", "leads", "dana@example.com"],
      autoApproveMaxMinutes: null,
      pendingTimeoutSeconds: 8 * 3600,
      ticket: { required: true, pattern: "(OPS|INC)-[0-9]+", example: "OPS-1234" },
      mfa: true,
    });
    expect(op.breakGlass).toBeNull();
  });

  it("uses the role's own maximum and a one-approval rule for the shorthand, with no ticket field", () => {
    const ro = roleOptions(catalog, person(["eng"])).find((o) => o.id === "ro")!;
    expect(ro.standard).toMatchObject({ ruleId: "ro", maxMinutes: 240, approvals: 1, approvers: ["sec"], ticket: null, pendingTimeoutSeconds: 86_400 });
  });

  it("shows automatic approval only to the groups it applies to", () => {
    expect(roleOptions(catalog, person(["eng"]))[0]!.standard?.autoApproveMaxMinutes).toBe(30);
    const other = parseCatalog(
      `
accounts: [{ id: "123456789012", name: Sandbox }]
roles: [{ id: dev, name: Developer, account: "123456789012", arn: "arn:aws:iam::123456789012:role/Dev", maxDuration: 8h }]
rules:
  - { id: r, roles: [dev], requesters: [eng, interns], approvers: [sec], autoApprove: { groups: [eng], maxDuration: 1h } }
`,
      "t.yaml",
    );
    expect(roleOptions(other, person(["interns"]))[0]!.standard?.autoApproveMaxMinutes).toBeNull();
  });

  it("offers break glass to its groups only, capped by its maximum, even without a request rule", () => {
    const onCall = roleOptions(catalog, person(["oncall"]));
    expect(onCall).toHaveLength(1);
    expect(onCall[0]).toMatchObject({ id: "admin", standard: null, breakGlass: { ruleId: "admin-rule", maxMinutes: 45, reviewers: ["sec"] } });
    const admin = roleOptions(catalog, person(["admins"]))[0]!;
    expect(admin.standard?.ruleId).toBe("admin-rule");
    expect(admin.breakGlass).toBeNull();
  });
});

describe("extensionOption", () => {
  it("keeps the grant's rule and never offers break glass", () => {
    const option = extensionOption(catalog, person(["eng"]), role("dev"), ruleById(catalog, "sandbox") ?? null)!;
    expect(option).toMatchObject({ id: "dev", breakGlass: null, standard: { ruleId: "sandbox", maxMinutes: 480 } });
  });

  it("is null when the rule is gone or no longer covers the person", () => {
    expect(extensionOption(catalog, person(["eng"]), role("dev"), null)).toBeNull();
    expect(extensionOption(catalog, person(["sales"]), role("dev"), ruleById(catalog, "sandbox") ?? null)).toBeNull();
  });
});

describe("groupByAccount", () => {
  it("groups options under their accounts in catalog order and drops empty accounts", () => {
    const groups = groupByAccount(catalog, roleOptions(catalog, person(["eng"])));
    expect(groups.map((g) => [g.label, g.roles.map((r) => r.id)])).toEqual([
      ["Sandbox (123456789012)", ["dev"]],
      ["Production (210987654321)", ["ro", "op"]],
    ]);
    expect(groupByAccount(catalog, roleOptions(catalog, person(["oncall"]))).map((g) => g.accountId)).toEqual(["210987654321"]);
  });

  it("sends each role without its account's fields, and the form gets the same options back", () => {
    const options = roleOptions(catalog, person(["eng"]));
    const groups = groupByAccount(catalog, options);
    for (const group of groups)
      for (const role of group.roles) expect(Object.keys(role).sort()).toEqual(["breakGlass", "description", "id", "name", "standard"]);
    const expanded = expandGroups(groups);
    expect([...expanded].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...options].sort((a, b) => a.id.localeCompare(b.id)));
    expect(expandGroups([groupOf(options[0]!)])).toEqual([options[0]]);
  });

  it("shares one ask between roles that ask the same under one rule", () => {
    const shared = parseCatalog(
      `
accounts: [{ id: "123456789012", name: Sandbox }]
roles:
  - { id: a, name: A, account: "123456789012", arn: "arn:aws:iam::123456789012:role/A", maxDuration: 4h }
  - { id: b, name: B, account: "123456789012", arn: "arn:aws:iam::123456789012:role/B", maxDuration: 4h }
  - { id: c, name: C, account: "123456789012", arn: "arn:aws:iam::123456789012:role/C", maxDuration: 1h }
rules:
  - { id: all, roles: [a, b, c], requesters: [eng], approvers: [sec] }
`,
      "shared.yaml",
    );
    const [a, b, c] = roleOptions(shared, person(["eng"]));
    expect(a!.standard).toBe(b!.standard);
    // Another maximum is another ask.
    expect(c!.standard).not.toBe(a!.standard);
    expect(c!.standard?.maxMinutes).toBe(60);
  });
});

describe("combineRoles: several roles shape the form by the strictest rule", () => {
  const eng: Actor = { id: "e", email: "e@example.com", name: "E", groups: ["eng"] };
  const options = roleOptions(catalog, eng);
  const pick = (...ids: string[]) => combineRoles(ids.map((id) => options.find((o) => o.id === id)!));

  it("one role is itself", () => {
    expect(pick("dev")).toBe(options.find((o) => o.id === "dev"));
  });

  it("the shortest maximum, the most approvals, the union of approvers, a required ticket, a second factor, the shortest timeout", () => {
    const both = pick("dev", "op")!;
    expect(both.id).toBe("dev,op");
    expect(both.standard).toMatchObject({ maxMinutes: 120, approvals: 2, autoApproveMaxMinutes: null, pendingTimeoutSeconds: 8 * 3600, mfa: true });
    expect(both.standard?.approvers).toEqual(expect.arrayContaining(["sec", "leads"]));
    expect(both.standard?.ticket).toMatchObject({ required: true, example: "OPS-1234" });
  });

  it("auto-approval only when every role has it", () => {
    expect(pick("dev", "ro")?.standard?.autoApproveMaxMinutes).toBeNull();
  });
});

describe("compact role options (the page's data for the picker)", () => {
  it("rebuild exactly the account groups they were made from, and so the same options", () => {
    for (const groups of [["eng"], ["eng", "oncall"], ["admins", "oncall"]]) {
      const options = roleOptions(catalog, person(groups));
      const grouped = groupByAccount(catalog, options);
      const rebuilt = expandRoleOptions(JSON.parse(JSON.stringify(compactRoleOptions(grouped))));
      expect(rebuilt).toEqual(grouped);
      expect(expandGroups(rebuilt).sort((a, b) => a.id.localeCompare(b.id))).toEqual([...options].sort((a, b) => a.id.localeCompare(b.id)));
    }
  });

  it("carry rule details that roles share once: at 1,500 roles (a rule each), under a third of the account groups", () => {
    const accounts = Array.from({ length: 300 }, (_, i) => `  - { id: "${400000000000 + i}", name: "Account ${i}", ou: "ou-root/Workloads/Prod" }`);
    const templates = ["ReadOnly", "Developer", "Operator", "Billing", "Admin"].map(
      (name) =>
        `  - { id: ${name.toLowerCase()}, name: ${name}, roleName: Frontdesk${name}, accounts: { all: true }, role: { maxDuration: 4h, requesters: [engineering], approvers: [security] } }`,
    );
    const big = parseCatalog(["accounts:", ...accounts, "templates:", ...templates, "rules: []", ""].join("\n"), "big.yaml");
    const options = groupByAccount(big, roleOptions(big, person(["engineering"])));
    expect(options.flatMap((g) => g.roles)).toHaveLength(1500);
    // The account groups already leave the account out of each role; every role's own rule still repeats its details.
    const full = JSON.stringify(options).length;
    const compact = JSON.stringify(compactRoleOptions(options)).length;
    console.log(`[role options, 1,500 roles] account groups ${Math.round(full / 1024)} KiB, compact ${Math.round(compact / 1024)} KiB`);
    expect(compact).toBeLessThan(full / 3);
    expect(expandRoleOptions(compactRoleOptions(options))).toEqual(options);
  });
});
