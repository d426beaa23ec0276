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
  });

  it("runs unprepared the long parameter lists (IN lists), whose text changes with their length", () => {
    const list = Array.from({ length: 17 }, (_, i) => `$${i + 1}`).join(",");
    expect(preparedStatementName(q(`SELECT id FROM "User" WHERE id IN (${list})`, Array.from({ length: 17 }, String)))).toBeUndefined();
    expect(preparedStatementName(q('SELECT id FROM "User" WHERE id IN ($1,$2)', ["a", "b"]))).toMatch(/^fd_/);
  });
});
