// The role picker's favourites and recents: stored per person, and only for roles the person may
// request (a role they may not is "not found", and one they lost drops out of both lists).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/policy/access";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { createRequest } from "./create-request";
import { loadRoleShortcuts, setFavouriteRole } from "./role-shortcuts";

let h: Harness;
let alice: Actor;
let bob: Actor;

beforeAll(async () => {
  h = await createHarness();
  alice = await h.person("alice", ["engineering"]);
  bob = await h.person("bob", ["engineering"]);
});
afterAll(async () => h?.close());

describe("role shortcuts", () => {
  it("stars and unstars a role the person may request, for that person only", async () => {
    await setFavouriteRole(h, { actor: alice, roleId: "dev", favourite: true });
    await setFavouriteRole(h, { actor: alice, roleId: "dev", favourite: true });
    expect((await loadRoleShortcuts(h, alice)).favourites).toEqual(["dev"]);
    expect((await loadRoleShortcuts(h, bob)).favourites).toEqual([]);
    await setFavouriteRole(h, { actor: alice, roleId: "dev", favourite: false });
    expect((await loadRoleShortcuts(h, alice)).favourites).toEqual([]);
  });

  it("refuses a role the person may not request, or one that does not exist, as not found, and stores nothing", async () => {
    for (const roleId of ["admin", "no-such-role"]) {
      await expect(setFavouriteRole(h, { actor: alice, roleId, favourite: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect(await h.db.favouriteRole.count({ where: { userId: alice.id } })).toBe(0);
  });

  it("offers recent roles from the person's own requests, and drops a role the person may no longer request", async () => {
    await createRequest(h, { actor: bob, input: { roleId: "scoped", durationMinutes: 60, justification: "Read the buckets" } });
    await setFavouriteRole(h, { actor: bob, roleId: "dev", favourite: true });
    expect(await loadRoleShortcuts(h, bob)).toEqual({ favourites: ["dev"], recents: ["scoped"] });
    expect((await loadRoleShortcuts(h, alice)).recents).toEqual([]);

    const moved = { ...bob, groups: ["sales"] };
    await h.db.user.update({ where: { id: bob.id }, data: { groups: ["sales"] } });
    expect(await loadRoleShortcuts(h, moved)).toEqual({ favourites: [], recents: [] });
  });
});
