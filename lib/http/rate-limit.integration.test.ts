// Against real PostgreSQL: attempts count exactly under concurrency, the window slides (no burst
// at a window edge), and the refusal carries how long to wait.
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { AppError } from "@/lib/errors";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { enforceRateLimit, enforceRequestCreationRateLimit, RateLimitedError } from "./rate-limit";

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
  it("allows exactly `limit` hits per window when 50 race, stores only those, and says when to retry", async () => {
    const now = at("2026-03-02T09:00:20Z");
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => enforceRateLimit(db, { key: "race", limit: 10, windowSeconds: 60, now })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    const refusals = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason);
    expect(refusals).toHaveLength(40);
    for (const error of refusals) {
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as AppError).code).toBe("RATE_LIMITED");
      expect((error as RateLimitedError).retryAfterSeconds).toBe(60);
    }
    expect(await db.rateLimitEvent.count({ where: { key: "race" } })).toBe(10);
  });

  it("lets no burst through at a window edge: the limit holds over every window-long stretch", async () => {
    // The attack: the whole limit just before a minute boundary, then again just after it. Fixed
    // one-minute windows let all 2 × limit through.
    const limit = { limit: 5, windowSeconds: 60 };
    for (let i = 0; i < 5; i++) await enforceRateLimit(db, { key: "edge", ...limit, now: at("2026-03-02T09:00:59Z") });
    for (const time of ["2026-03-02T09:01:00Z", "2026-03-02T09:01:30Z", "2026-03-02T09:01:58.999Z"]) {
      await expect(enforceRateLimit(db, { key: "edge", ...limit, now: at(time) }), time).rejects.toMatchObject({ code: "RATE_LIMITED" });
    }
    await expect(enforceRateLimit(db, { key: "edge", ...limit, now: at("2026-03-02T09:01:00Z") })).rejects.toMatchObject({ retryAfterSeconds: 59 });
    // A minute after those five, the window has room again.
    await expect(enforceRateLimit(db, { key: "edge", ...limit, now: at("2026-03-02T09:01:59Z") })).resolves.toBeUndefined();
  });

  it("frees one slot as each attempt leaves the window, and keeps keys apart", async () => {
    const limit = { limit: 2, windowSeconds: 60 };
    await enforceRateLimit(db, { key: "w", ...limit, now: at("2026-03-02T09:00:10Z") });
    await enforceRateLimit(db, { key: "w", ...limit, now: at("2026-03-02T09:00:40Z") });
    await expect(enforceRateLimit(db, { key: "w", ...limit, now: at("2026-03-02T09:01:00Z") })).rejects.toMatchObject({ retryAfterSeconds: 10 });
    await expect(enforceRateLimit(db, { key: "w", ...limit, now: at("2026-03-02T09:01:10Z") })).resolves.toBeUndefined();
    await expect(enforceRateLimit(db, { key: "w", ...limit, now: at("2026-03-02T09:01:11Z") })).rejects.toMatchObject({ retryAfterSeconds: 29 });
    await expect(enforceRateLimit(db, { key: "other", ...limit, now: at("2026-03-02T09:01:11Z") })).resolves.toBeUndefined();
  });

  it("does not count refused attempts: a flood does not push the next slot further away", async () => {
    const limit = { limit: 1, windowSeconds: 60 };
    await enforceRateLimit(db, { key: "flood", ...limit, now: at("2026-03-02T09:00:00Z") });
    for (let s = 1; s < 60; s += 7) {
      await expect(enforceRateLimit(db, { key: "flood", ...limit, now: new Date(at("2026-03-02T09:00:00Z").getTime() + s * 1000) })).rejects.toMatchObject({
        code: "RATE_LIMITED",
      });
    }
    await expect(enforceRateLimit(db, { key: "flood", ...limit, now: at("2026-03-02T09:01:00Z") })).resolves.toBeUndefined();
  });

  it("limits request creation per person and per IP", async () => {
    const now = at("2026-03-02T10:10:00Z");
    for (let i = 0; i < 2; i++) await enforceRequestCreationRateLimit(db, { personId: "p1", ip: "203.0.113.9", now, limitPerHour: 2 });
    await expect(enforceRequestCreationRateLimit(db, { personId: "p1", ip: "203.0.113.9", now, limitPerHour: 2 })).rejects.toMatchObject({
      code: "RATE_LIMITED",
      retryAfterSeconds: 60 * 60,
    });
    // Other people on the same address share its larger budget (5 × the personal limit).
    for (let i = 0; i < 8; i++) await enforceRequestCreationRateLimit(db, { personId: `q${i}`, ip: "203.0.113.9", now, limitPerHour: 2 });
    await expect(enforceRequestCreationRateLimit(db, { personId: "q9", ip: "203.0.113.9", now, limitPerHour: 2 })).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
  });
});
