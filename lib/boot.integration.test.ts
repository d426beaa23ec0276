// Boot against a database whose audit table another session holds locked (a long migration, a
// stuck transaction, a burst of writes): boot must wait it out with retries, not exit. Before,
// the catalog.loaded write ran into Prisma's transaction timeout ("expired transaction") and boot
// called process.exit(1).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { disconnectDb, getDb } from "@/lib/db/client";
import { stopJobLoop } from "@/lib/jobs/start-job-loop";
import { boot } from "./boot";

// boot wires the production dependencies (lib/deps.ts), which are marked server-only.
vi.mock("server-only", () => ({}));
// Boot turns console output into JSON log lines; here the console stays as it is, so the test hears
// boot's retry warning (and the bridge does not outlive this file in the worker).
vi.mock("@/lib/log/console-bridge", () => ({ bridgeConsoleToLog: () => {} }));

let database: TestDatabase;
let locker: pg.Client;

beforeAll(async () => {
  database = await createTestDatabase();
  vi.stubEnv("NEXTAUTH_SECRET", "x".repeat(32));
  vi.stubEnv("OIDC_ISSUER", "https://idp.example.com");
  vi.stubEnv("OIDC_CLIENT_ID", "frontdesk");
  vi.stubEnv("OIDC_CLIENT_SECRET", "shh");
  vi.stubEnv("DATABASE_URL", database.url);
  vi.stubEnv("FRONTDESK_CATALOG", "frontdesk.config.yaml");
  locker = new pg.Client({ connectionString: database.url });
  await locker.connect();
});
afterAll(async () => {
  await stopJobLoop();
  await disconnectDb();
  await locker?.end();
  await database?.drop();
  vi.unstubAllEnvs();
});

describe("boot against a locked database", { timeout: 60_000 }, () => {
  it("retries the start-up audit write until the lock goes, and never exits", async () => {
    const exit = vi.spyOn(process, "exit").mockImplementation((code) => {
      throw new Error(`process.exit(${String(code)})`);
    });
    await locker.query("BEGIN");
    await locker.query(`LOCK TABLE "AuditEvent" IN ACCESS EXCLUSIVE MODE`);
    let released: Promise<unknown> | null = null;
    const warn = vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
      // Boot met the lock and said it will retry: the lock holder finishes now.
      if (String(args[0]).includes("start-up write") && !released) released = locker.query("COMMIT");
    });
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      await boot();
    } finally {
      exit.mockRestore();
      warn.mockRestore();
      log.mockRestore();
    }
    expect(released).not.toBeNull();
    expect(exit).not.toHaveBeenCalled();
    const db = await getDb();
    expect(await db.auditEvent.count({ where: { action: "catalog.loaded" } })).toBe(1);
  });
});
