// A person is keyed by (issuer, subject), and every sign-in replaces their groups: rights changed
// at the IdP apply from the next sign-in.
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { recordSignIn } from "./record-sign-in";

let database: TestDatabase;
let db: PrismaClient;

beforeAll(async () => {
  database = await createTestDatabase();
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, max: 4 }) });
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

const identity = { issuer: "https://idp.example", subject: "s-1", email: "a@example.com", name: "A", groups: ["engineering"], attributes: {} };

describe("recordSignIn", () => {
  it("replaces groups at each sign-in and keeps one person per (issuer, subject)", async () => {
    const first = await recordSignIn(db, identity, new Date("2026-03-02T09:00:00Z"));
    const second = await recordSignIn(db, { ...identity, groups: ["security"], email: "renamed@example.com" }, new Date("2026-03-02T10:00:00Z"));
    expect(second.id).toBe(first.id);
    expect(second.groups).toEqual(["security"]);
    expect(second.lastLoginAt).toEqual(new Date("2026-03-02T10:00:00Z"));
    const third = await recordSignIn(db, { ...identity, groups: [] }, new Date("2026-03-02T11:00:00Z"));
    expect(third.groups).toEqual([]);
  });

  it("never merges people by email: another issuer or subject is another person", async () => {
    const a = await recordSignIn(db, { ...identity, subject: "s-2", email: "same@example.com" }, new Date());
    const b = await recordSignIn(db, { ...identity, issuer: "https://other-idp.example", subject: "s-2", email: "same@example.com" }, new Date());
    expect(a.id).not.toBe(b.id);
    expect(await db.auditEvent.count({ where: { action: "auth.signed-in", actorId: a.id } })).toBe(1);
  });
});
