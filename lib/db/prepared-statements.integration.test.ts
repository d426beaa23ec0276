import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresClient } from "./client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

// What the connection has kept prepared (PostgreSQL's own view, per session).
const preparedOn = (db: ReturnType<typeof createPostgresClient>) =>
  db.$queryRaw<{ name: string }[]>`SELECT name FROM pg_prepared_statements WHERE name LIKE 'fd_%'`.then((rows) => rows.map((r) => r.name));

describe("prepared statements on PostgreSQL", () => {
  it("keeps a statement prepared on its connection and reuses it, with the same answers", async () => {
    const db = createPostgresClient(database.url, { DATABASE_POOL_MAX: 1 });
    try {
      const created = await db.user.create({ data: { issuer: "https://idp", subject: "s1", email: "a@example.com", name: "A" } });
      const first = await db.user.findUnique({ where: { id: created.id } });
      const kept = await preparedOn(db);
      const again = await db.user.findUnique({ where: { id: created.id } });
      expect(again).toEqual(first);
      // The lookup was prepared once and reused: asking again added nothing.
      expect(kept.length).toBeGreaterThan(0);
      expect(await preparedOn(db)).toEqual(kept);
    } finally {
      await db.$disconnect();
    }
  });

  it("prepares nothing when DATABASE_PREPARED_STATEMENTS is false", async () => {
    const db = createPostgresClient(database.url, { DATABASE_POOL_MAX: 1, DATABASE_PREPARED_STATEMENTS: "false" });
    try {
      await db.user.findMany({ where: { email: "a@example.com" } });
      expect(await preparedOn(db)).toEqual([]);
    } finally {
      await db.$disconnect();
    }
  });
});
