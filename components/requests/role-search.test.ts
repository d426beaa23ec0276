import { describe, expect, it } from "vitest";
import { indexRoles, searchRoles } from "./role-search";

const role = (id: string, name: string, accountId: string, accountName: string, ou: string | null = null) => ({ id, name, accountId, accountName, ou });
const roles = [
  role("readonly-111111111111", "ReadOnly", "111111111111", "Payments", "Workloads/Prod"),
  role("admin-111111111111", "Admin", "111111111111", "Payments", "Workloads/Prod"),
  role("readonly-222222222222", "ReadOnly", "222222222222", "Sandbox-payroll", "Sandbox"),
  role("dev-333333333333", "Developer", "333333333333", "Search", "Workloads/Staging"),
];
const ids = (query: string, limit = 10) => searchRoles(indexRoles(roles), query, limit).matches.map((r) => r.id);

describe("searchRoles", () => {
  it.each([
    ["by account name", "payments", ["readonly-111111111111", "admin-111111111111"]],
    ["by account id", "2222", ["readonly-222222222222"]],
    ["by role name and account together", "readonly pay", ["readonly-111111111111", "readonly-222222222222"]],
    ["by OU", "staging", ["dev-333333333333"]],
    ["by OU path", "workloads/prod admin", ["admin-111111111111"]],
    ["every word must match", "admin sandbox", []],
    ["case does not matter", "DEVELOPER", ["dev-333333333333"]],
    ["nothing typed, nothing listed", "  ", []],
  ])("%s", (_name, query, expected) => {
    expect(ids(query)).toEqual(expected);
  });

  it("ranks a word at the start of a name above one inside a word, and counts every match", () => {
    const two = [role("reviewer", "Reviewer", "444444444444", "Audit"), role("viewer", "Viewer", "555555555555", "Audit")];
    const result = searchRoles(indexRoles(two), "view", 1);
    expect(result.matches.map((r) => r.id)).toEqual(["viewer"]);
    expect(result.total).toBe(2);
  });

  it("stays fast on 1,500 roles", () => {
    const many = Array.from({ length: 1500 }, (_, i) => role(`r-${i}`, `Role${i % 5}`, String(100000000000 + i), `Account ${i}`, `Workloads/OU${i % 30}`));
    const index = indexRoles(many);
    const result = searchRoles(index, "role3 ou7", 50);
    expect(result.total).toBe(many.filter((r, i) => i % 5 === 3 && `${r.ou}`.toLowerCase().includes("ou7")).length);
  });
});
