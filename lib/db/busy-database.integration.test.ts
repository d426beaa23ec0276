// Waiting too long for the database is answered 503 with Retry-After, never 500: the errors come
// from a real PostgreSQL pool with one connection that another transaction is holding.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresClient } from "@/lib/db/client";
import { AppError, toAppError, toUserError, UnavailableError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { errorJson } from "@/lib/http/responses";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";

let database: TestDatabase;
let db: PrismaClient;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createPostgresClient(database.url, { DATABASE_POOL_MAX: 1, DATABASE_POOL_TIMEOUT_MS: 200 });
});
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

/** Runs `attempt` while a transaction holds the pool's only connection; returns what it threw. */
async function whileBusy(attempt: () => Promise<unknown>): Promise<unknown> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let started!: () => void;
  const holding = new Promise<void>((resolve) => (started = resolve));
  const holder = db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1`;
    started();
    await held;
  });
  await holding;
  try {
    return await attempt().then(
      () => null,
      (error: unknown) => error,
    );
  } finally {
    release();
    await holder;
  }
}

describe("a burst the database cannot take at once", () => {
  it("turns a transaction that could not start in time (P2028) into 503 with Retry-After", async () => {
    const thrown = await whileBusy(() => db.$transaction((tx) => tx.$queryRaw`SELECT 1`));
    expect(thrown).toMatchObject({ code: "P2028" });
    const mapped = toAppError(thrown);
    expect(mapped).toBeInstanceOf(UnavailableError);
    expect((mapped as AppError).status).toBe(503);
    expect(toUserError(thrown).code).toBe("UNAVAILABLE");
    const response = errorJson(thrown);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("2");
  });

  it("turns a query that waited out the pool into 503 as well", async () => {
    const thrown = await whileBusy(() => db.$queryRaw`SELECT 1`);
    expect(thrown).toBeInstanceOf(Error);
    expect(toAppError(thrown)).toBeInstanceOf(UnavailableError);
    expect(errorJson(thrown).status).toBe(503);
  });

  it("leaves every other error alone", async () => {
    const thrown = await db.$queryRaw`SELECT 1 / 0`.then(
      () => null,
      (error: unknown) => error,
    );
    expect(toAppError(thrown)).toBe(thrown);
    expect(errorJson(thrown).status).toBe(500);
    expect(toAppError(new AppError("CONFLICT", "x"))).toBeInstanceOf(AppError);
  });
});
