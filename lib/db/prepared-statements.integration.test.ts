import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresClient } from "./client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { loadRequestViewRows } from "@/lib/requests/request-view-rows";
import { lockRequest } from "@/lib/requests/transition";

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

  it("keeps the whole-row reads of a request and Prisma's relation joins prepared, and they still read after a migration adds columns", async () => {
    const db = createPostgresClient(database.url, { DATABASE_POOL_MAX: 1 });
    try {
      const person = await db.user.create({ data: { issuer: "https://idp", subject: "s2", email: "b@example.com", name: "B" } });
      const { id } = await db.accessRequest.create({
        data: { requesterId: person.id, accountId: "123456789012", roleId: "dev", ruleId: "r", justification: "Checking", durationSeconds: 3600 },
      });
      const withRelations = () => db.accessRequest.findUnique({ where: { id }, include: { requester: true, reviews: { include: { reviewer: true } } } });
      const joined = await withRelations();
      const locked = await db.$transaction((tx) => lockRequest(tx, id));
      const [viewed] = await loadRequestViewRows(db, [id]);
      expect(locked).toEqual(await db.accessRequest.findUnique({ where: { id } }));
      expect(viewed).toMatchObject({ ...locked, requester: { id: person.id } });
      const kept = await db.$queryRaw<{ statement: string }[]>`SELECT statement FROM pg_prepared_statements WHERE name LIKE 'fd_%'`;
      expect(kept.some((row) => row.statement.includes("FOR UPDATE"))).toBe(true);
      expect(kept.some((row) => row.statement.includes("WITH page AS MATERIALIZED"))).toBe(true);
      // Prisma's relation joins read "t1".* inside derived tables only: kept prepared too.
      expect(kept.some((row) => row.statement.includes("LEFT JOIN LATERAL") && row.statement.includes(".*"))).toBe(true);
      // A migration running beside this instance: with * the cached plans would now fail.
      await db.$executeRawUnsafe('ALTER TABLE "AccessRequest" ADD COLUMN "addedLater" TEXT');
      await db.$executeRawUnsafe('ALTER TABLE "Review" ADD COLUMN "addedLater" TEXT');
      expect(await withRelations()).toEqual(joined);
      expect(await db.$transaction((tx) => lockRequest(tx, id))).toEqual(locked);
      expect((await loadRequestViewRows(db, [id]))[0]).toEqual(viewed);
    } finally {
      await db.$disconnect();
    }
  });
});
