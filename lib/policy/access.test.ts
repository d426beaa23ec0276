import { describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import { ruleById } from "@/lib/catalog/rules";
import {
  approvableRuleIds,
  breakGlassRuleFor,
  hasAnyAccess,
  isAdmin,
  isSelfReview,
  mayApproveRequest,
  mayRequestRole,
  requestableRoles,
  requestRuleFor,
  stillEligible,
  type Actor,
} from "./access";

const catalog = parseCatalog(
  `
admins: [admins]
accounts: [{ id: "123456789012", name: A }, { id: "210987654321", name: B }]
roles:
  - { id: dev, name: Dev, account: "123456789012", arn: "arn:aws:iam::123456789012:role/Dev", maxDuration: 1h, requesters: [eng], approvers: [sec] }
  - { id: ops, name: Ops, account: "123456789012", arn: "arn:aws:iam::123456789012:role/Ops", maxDuration: 1h, requesters: [ops], approvers: [sec, leads] }
  - { id: prod, name: Prod, account: "210987654321", arn: "arn:aws:iam::210987654321:role/Prod", maxDuration: 4h }
  - { id: prod-ro, name: ProdRO, account: "210987654321", arn: "arn:aws:iam::210987654321:role/ProdRO", maxDuration: 4h }
rules:
  - id: prod-by-name
    roles: [prod]
    requesters: { groups: [sre], users: [Contractor@Example.com] }
    approvers: { users: [cto@example.com] }
    breakGlass: { groups: [oncall] }
  - id: prod-account
    accounts: ["210987654321"]
    requesters: [eng]
    approvers: [leads]
`,
  "t.yaml",
);
const role = (id: string) => catalog.roles.find((r) => r.id === id)!;
const person = (id: string, groups: string[], email = `${id}@x.io`): Actor => ({ id, email, name: id, groups });

describe("access policy", () => {
  it("lets only listed groups request and approve a role's own rule", () => {
    expect(mayRequestRole(person("a", ["eng"]), catalog, role("dev"))).toBe(true);
    expect(mayRequestRole(person("a", ["eng"]), catalog, role("ops"))).toBe(false);
    expect(mayRequestRole(person("a", []), catalog, role("dev"))).toBe(false);
    expect(mayApproveRequest(person("b", ["leads"]), ruleById(catalog, "ops")!)).toBe(true);
    expect(mayApproveRequest(person("b", ["leads"]), ruleById(catalog, "dev")!)).toBe(false);
    expect(mayApproveRequest(person("b", ["Sec"]), ruleById(catalog, "dev")!)).toBe(false); // group names are exact
  });

  it("routes a request through the first rule that lets the person ask, by role or by account", () => {
    expect(requestRuleFor(person("s", ["sre", "eng"]), catalog, role("prod"))?.id).toBe("prod-by-name");
    expect(requestRuleFor(person("e", ["eng"]), catalog, role("prod"))?.id).toBe("prod-account");
    expect(requestRuleFor(person("e", ["eng"]), catalog, role("prod-ro"))?.id).toBe("prod-account");
    expect(requestRuleFor(person("s", ["sre"]), catalog, role("prod-ro"))).toBeNull();
  });

  it("names people by email, whatever its case", () => {
    expect(requestRuleFor(person("c", [], "contractor@example.com"), catalog, role("prod"))?.id).toBe("prod-by-name");
    expect(mayApproveRequest(person("cto", [], "CTO@example.com"), ruleById(catalog, "prod-by-name")!)).toBe(true);
    expect(mayApproveRequest(person("cto", ["leads"], "cto@example.org"), ruleById(catalog, "prod-by-name")!)).toBe(false);
  });

  it("lets break-glass groups break glass, and counts that as being able to request", () => {
    expect(breakGlassRuleFor(person("o", ["oncall"]), catalog, role("prod"))?.id).toBe("prod-by-name");
    expect(breakGlassRuleFor(person("o", ["oncall"]), catalog, role("prod-ro"))).toBeNull();
    expect(mayRequestRole(person("o", ["oncall"]), catalog, role("prod"))).toBe(true);
    expect(stillEligible(person("o", ["oncall"]), ruleById(catalog, "prod-by-name")!, role("prod"), "BREAK_GLASS")).toBe(true);
    expect(stillEligible(person("o", ["oncall"]), ruleById(catalog, "prod-by-name")!, role("prod"), "STANDARD")).toBe(false);
    expect(stillEligible(person("o", []), ruleById(catalog, "prod-by-name")!, role("prod"), "BREAK_GLASS")).toBe(false);
  });

  it("lists the roles a person may request and the rules they approve", () => {
    expect(requestableRoles(person("a", ["eng", "ops"]), catalog).map((r) => r.id)).toEqual(["dev", "ops", "prod", "prod-ro"]);
    expect(requestableRoles(person("a", ["sec"]), catalog)).toEqual([]);
    expect(approvableRuleIds(person("l", ["leads"]), catalog)).toEqual(["prod-account", "ops"]);
  });

  it("flags self-review whatever other rights the person has", () => {
    const admin = person("root", ["admins", "sec", "eng"]);
    expect(isAdmin(admin, catalog)).toBe(true);
    expect(isSelfReview(admin, { requesterId: "root" })).toBe(true);
    expect(isSelfReview(admin, { requesterId: "other" })).toBe(false);
  });

  it("maps IdP group names to the catalog's names, for requesting, approving and admin rights", () => {
    const mapped = parseCatalog(
      `
admins: [admins]
groups:
  engineering: [Okta-Engineering, 3f2a9c1e-0000-4000-8000-000000000001]
  security: [Okta-Security]
  admins: [Okta-Admins]
accounts: [{ id: "123456789012", name: A }]
roles:
  - { id: dev, name: Dev, account: "123456789012", arn: "arn:aws:iam::123456789012:role/Dev", maxDuration: 1h, requesters: [engineering], approvers: [security] }
  - { id: ops, name: Ops, account: "123456789012", arn: "arn:aws:iam::123456789012:role/Ops", maxDuration: 1h, requesters: [ops], approvers: [leads] }
`,
      "t.yaml",
    );
    const dev = mapped.roles[0]!;
    expect(mayRequestRole(person("e", ["Okta-Engineering"]), mapped, dev)).toBe(true);
    expect(mayRequestRole(person("g", ["3f2a9c1e-0000-4000-8000-000000000001"]), mapped, dev)).toBe(true);
    expect(mayRequestRole(person("n", ["okta-engineering"]), mapped, dev)).toBe(false); // exact names
    expect(requestableRoles(person("x", ["Okta-Marketing"]), mapped)).toEqual([]); // no matching group: nothing
    expect(hasAnyAccess(person("x", ["Okta-Marketing"]), mapped)).toBe(false);
    expect(hasAnyAccess(person("s", ["Okta-Security"]), mapped)).toBe(true);
    expect(approvableRuleIds(person("s", ["Okta-Security"]), mapped)).toEqual(["dev"]); // only the rules naming it
    expect(isAdmin(person("a", ["Okta-Admins"]), mapped)).toBe(true);
  });
});
