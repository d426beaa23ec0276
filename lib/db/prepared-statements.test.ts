import { describe, expect, it } from "vitest";
import { preparedStatementName } from "./client";

const q = (sql: string, args: unknown[] = [1]) => ({ sql, args });

describe("which statements are kept prepared", () => {
  it("names a statement by its text: the same text, the same name; another text, another name", () => {
    const select = 'SELECT "public"."User"."id" FROM "public"."User" WHERE "public"."User"."id" = $1 LIMIT $2';
    const name = preparedStatementName(q(select, ["a", 1]));
    expect(name).toMatch(/^fd_[\w-]{24}$/);
    expect(preparedStatementName(q(select, ["b", 2]))).toBe(name);
    expect(preparedStatementName(q(select.replace("LIMIT", "OFFSET"), ["a", 1]))).not.toBe(name);
  });

  it("runs unprepared the statements whose columns follow the table, which a migration would break", () => {
    expect(preparedStatementName(q('SELECT * FROM "AccessRequest" WHERE id = $1 FOR UPDATE'))).toBeUndefined();
    expect(preparedStatementName(q('select t.* from "Job" t where id = $1'))).toBeUndefined();
    expect(preparedStatementName(q('UPDATE "Job" SET status = $1 RETURNING *'))).toBeUndefined();
    expect(preparedStatementName(q('SELECT count(*) FROM "Job" WHERE status = $1'))).toMatch(/^fd_/);
    expect(preparedStatementName(q('WITH page AS (SELECT id FROM "Job") SELECT j.*, p.id FROM page p JOIN "Job" j ON j.id = p.id'))).toBeUndefined();
    expect(preparedStatementName(q('SELECT DISTINCT * FROM "Job"'))).toBeUndefined();
  });

  it("keeps prepared the statements whose * stays inside a subquery, as Prisma's relation joins write them", () => {
    const join = `SELECT "t0"."id", "AccessRequest_reviews"."__prisma_data__" AS "reviews" FROM "public"."AccessRequest" AS "t0"
      LEFT JOIN LATERAL (SELECT COALESCE(JSONB_AGG("__prisma_data__"), '[]') AS "__prisma_data__" FROM (SELECT "t1".* FROM "public"."Review" AS "t1"
      WHERE "t0"."id" = "t1"."requestId" /* root select */) AS "t2") AS "AccessRequest_reviews" ON true WHERE "t0"."id" = $1 LIMIT $2`;
    expect(preparedStatementName(q(join))).toMatch(/^fd_/);
    // Literals and comments are not read: neither a * nor a parenthesis in them counts.
    expect(preparedStatementName(q(`SELECT id FROM "Job" WHERE kind = '(' AND key <> 'SELECT *' -- (\nAND id = $1`))).toMatch(/^fd_/);
    expect(preparedStatementName(q(`SELECT id /* ( */, * FROM "Job" WHERE kind = 'it''s' AND id = $1`))).toBeUndefined();
  });

  it("runs unprepared the long parameter lists (IN lists), whose text changes with their length", () => {
    const list = Array.from({ length: 17 }, (_, i) => `$${i + 1}`).join(",");
    expect(preparedStatementName(q(`SELECT id FROM "User" WHERE id IN (${list})`, Array.from({ length: 17 }, String)))).toBeUndefined();
    expect(preparedStatementName(q('SELECT id FROM "User" WHERE id IN ($1,$2)', ["a", "b"]))).toMatch(/^fd_/);
  });
});
