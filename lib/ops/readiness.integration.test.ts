// Readiness against a PostgreSQL cluster this test starts, stops and starts again (never the shared one).
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createPrivatePostgres, type PrivatePostgres } from "@/lib/testing/private-postgres";
import { checkReadiness, defaultMigrationsDir, type ReadinessProbes } from "./readiness";

let cluster: PrivatePostgres;
let database: TestDatabase;
let db: PrismaClient;

beforeAll(async () => {
  cluster = await createPrivatePostgres();
  database = await createTestDatabase(cluster.url);
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, max: 2 }) });
}, 120_000);
afterAll(async () => {
  await db?.$disconnect();
  await cluster?.destroy();
});

const probes = (extra: Partial<ReadinessProbes> = {}): ReadinessProbes => ({
  db: async () => db,
  catalog: () => ({ roles: 4, sha256: "ab".repeat(32) }),
  jobLoop: () => ({ ok: true, detail: "ticking" }),
  timeoutMs: 3_000,
  ...extra,
});

/** Polls until `check` holds, up to a deadline (a restarted server takes a moment to accept). */
async function eventually(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("readiness", () => {
  it("is ready with the database up and migrated, the catalog loaded and the job loop ticking", async () => {
    const result = await checkReadiness(probes());
    expect(result.ready).toBe(true);
    expect(result.parts.database).toEqual({ ok: true, detail: "reachable" });
    expect(result.parts.migrations.ok).toBe(true);
  });

  it("turns not ready when PostgreSQL stops, naming the database, and ready again when it returns", async () => {
    await cluster.stop();
    const down = await checkReadiness(probes());
    expect(down.ready).toBe(false);
    expect(down.parts.database.ok).toBe(false);
    expect(down.parts.catalog.ok).toBe(true);
    expect(JSON.stringify(down)).not.toContain(database.url);

    await cluster.start();
    await eventually(async () => (await checkReadiness(probes())).ready);
    expect((await checkReadiness(probes())).parts.database.ok).toBe(true);
  }, 120_000);

  it("is not ready while a migration of this build is not applied", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "frontdesk-migrations-"));
    try {
      await cp(defaultMigrationsDir(), dir, { recursive: true });
      await mkdir(path.join(dir, "20991231000000_from_the_future"));
      const result = await checkReadiness(probes({ migrationsDir: dir }));
      expect(result.ready).toBe(false);
      expect(result.parts.migrations.detail).toContain("20991231000000_from_the_future");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("is not ready without a catalog, with a stopped job loop, or while shutting down", async () => {
    const noCatalog = await checkReadiness(
      probes({
        catalog: () => {
          throw new Error("bad catalog");
        },
      }),
    );
    expect([noCatalog.ready, noCatalog.parts.catalog]).toEqual([false, { ok: false, detail: "not loaded" }]);
    const noLoop = await checkReadiness(probes({ jobLoop: () => ({ ok: false, detail: "not started" }) }));
    expect([noLoop.ready, noLoop.parts.jobLoop.ok]).toEqual([false, false]);
    expect((await checkReadiness(probes({ shuttingDown: () => true }))).ready).toBe(false);
  });
});
