import { describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import { isAdmin, isSelfReview, mayApproveRole, mayRequestRole, requestableRoles, type Actor } from "./access";

const catalog = parseCatalog(
  `
admins: [admins]
accounts: [{ id: "123456789012", name: A }]
roles:
  - { id: dev, name: Dev, account: "123456789012", arn: "arn:aws:iam::123456789012:role/Dev", maxDuration: 1h, requesters: [eng], approvers: [sec] }
  - { id: ops, name: Ops, account: "123456789012", arn: "arn:aws:iam::123456789012:role/Ops", maxDuration: 1h, requesters: [ops], approvers: [sec, leads] }
`,
  "t.yaml",
);
const [dev, ops] = catalog.roles as [(typeof catalog.roles)[0], (typeof catalog.roles)[0]];
const person = (id: string, groups: string[]): Actor => ({ id, email: `${id}@x.io`, name: id, groups });

describe("access policy", () => {
  it("lets only listed groups request and approve", () => {
    expect(mayRequestRole(person("a", ["eng"]), dev)).toBe(true);
    expect(mayRequestRole(person("a", ["eng"]), ops)).toBe(false);
    expect(mayRequestRole(person("a", []), dev)).toBe(false);
    expect(mayApproveRole(person("b", ["leads"]), ops)).toBe(true);
    expect(mayApproveRole(person("b", ["leads"]), dev)).toBe(false);
    expect(mayApproveRole(person("b", ["Sec"]), dev)).toBe(false); // group names are exact
  });

  it("lists the roles a person may request", () => {
    expect(requestableRoles(person("a", ["eng", "ops"]), catalog).map((r) => r.id)).toEqual(["dev", "ops"]);
    expect(requestableRoles(person("a", ["sec"]), catalog)).toEqual([]);
  });

  it("flags self-review whatever other rights the person has", () => {
    const admin = person("root", ["admins", "sec", "eng"]);
    expect(isAdmin(admin, catalog)).toBe(true);
    expect(isSelfReview(admin, { requesterId: "root" })).toBe(true);
    expect(isSelfReview(admin, { requesterId: "other" })).toBe(false);
  });
});
