// Against real PostgreSQL: the upsert counts exactly under concurrency, windows are fixed, and the
// refusal carries how long to wait.
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { AppError } from "@/lib/errors";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { enforceRateLimit, enforceRequestCreationRateLimit, pruneRateLimits, RateLimitedError } from "./rate-limit";

let database: TestDatabase;
let db: PrismaClient;

beforeAll(async () => {
  database = await createTestDatabase();
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, max: 20 }) });
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

const at = (iso: string) => new Date(iso);

describe("enforceRateLimit", () => {
  it("allows exactly `limit` hits per window when 50 race, and says when to retry", async () => {
    const now = at("2026-03-02T09:00:20Z");
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => enforceRateLimit(db, { key: "race", limit: 10, windowSeconds: 60, now })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    const refusals = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason);
    expect(refusals).toHaveLength(40);
    for (const error of refusals) {
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as AppError).code).toBe("RATE_LIMITED");
      expect((error as RateLimitedError).retryAfterSeconds).toBe(40);
    }
    const row = await db.rateLimitHit.findFirstOrThrow({ where: { key: "race" } });
    expect(row).toMatchObject({ count: 50, windowStart: at("2026-03-02T09:00:00Z") });
  });

  it("starts a new count in the next window and keeps keys apart", async () => {
    const limit = { limit: 1, windowSeconds: 60 };
    await enforceRateLimit(db, { key: "w", ...limit, now: at("2026-03-02T09:00:59Z") });
    await expect(enforceRateLimit(db, { key: "w", ...limit, now: at("2026-03-02T09:00:59.900Z") })).rejects.toMatchObject({
      code: "RATE_LIMITED",
      retryAfterSeconds: 1,
    });
    await expect(enforceRateLimit(db, { key: "w", ...limit, now: at("2026-03-02T09:01:00Z") })).resolves.toBeUndefined();
    await expect(enforceRateLimit(db, { key: "other", ...limit, now: at("2026-03-02T09:00:59Z") })).resolves.toBeUndefined();
  });

  it("limits request creation per person and per IP", async () => {
    const now = at("2026-03-02T10:10:00Z");
    for (let i = 0; i < 2; i++) await enforceRequestCreationRateLimit(db, { personId: "p1", ip: "203.0.113.9", now, limitPerHour: 2 });
    await expect(enforceRequestCreationRateLimit(db, { personId: "p1", ip: "203.0.113.9", now, limitPerHour: 2 })).rejects.toMatchObject({
      code: "RATE_LIMITED",
      retryAfterSeconds: 50 * 60,
    });
    // Other people on the same address share its larger budget (5 × the personal limit).
    for (let i = 0; i < 8; i++) await enforceRequestCreationRateLimit(db, { personId: `q${i}`, ip: "203.0.113.9", now, limitPerHour: 2 });
    await expect(enforceRequestCreationRateLimit(db, { personId: "q9", ip: "203.0.113.9", now, limitPerHour: 2 })).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
  });

  it("prunes old windows", async () => {
    await enforceRateLimit(db, { key: "old", limit: 5, windowSeconds: 60, now: at("2026-02-01T00:00:00Z") });
    expect(await pruneRateLimits(db, at("2026-03-02T12:00:00Z"))).toBeGreaterThanOrEqual(1);
    expect(await db.rateLimitHit.count({ where: { key: "old" } })).toBe(0);
  });
});
