import { describe, expect, it } from "vitest";
import { groupsFromClaims, readClaim } from "./claims";

describe("group claims", () => {
  it("reads plain, nested and namespaced claims", () => {
    const claims = {
      groups: ["eng", "sec", "eng", 7, ""],
      realm_access: { roles: ["admin"] },
      "https://example.com/groups": ["ns"],
      roles: "a, b c",
    };
    expect(groupsFromClaims(claims, "groups")).toEqual(["eng", "sec"]);
    expect(groupsFromClaims(claims, "realm_access.roles")).toEqual(["admin"]);
    expect(groupsFromClaims(claims, "https://example.com/groups")).toEqual(["ns"]);
    expect(groupsFromClaims(claims, "roles")).toEqual(["a", "b", "c"]);
  });

  it("treats a missing or odd claim as no groups", () => {
    expect(groupsFromClaims({}, "groups")).toEqual([]);
    expect(groupsFromClaims({ groups: { a: 1 } }, "groups")).toEqual([]);
    expect(readClaim({ a: null }, "a.b")).toBeUndefined();
  });
});
