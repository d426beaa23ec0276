// Boot's writes against a database that is locked: the catalog.loaded audit event waits behind a
// lock held by another session, boot retries with backoff, and either gets through once the lock
// goes or, past its bound, says so in one line and keeps retrying in the background. It never
// throws (boot would exit).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordCatalogLoaded } from "@/lib/audit/record-catalog-loaded";
import type { LoadedCatalog } from "@/lib/catalog/load-catalog";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { runStartupWrites } from "./startup-writes";

let h: Harness;
let locker: pg.Client;
const catalog = { file: "boot-test.yaml", sha256: "a".repeat(64), roles: [], accounts: [] } as unknown as LoadedCatalog;

beforeAll(async () => {
  h = await createHarness({ withMoto: false });
  locker = new pg.Client({ connectionString: h.databaseUrl });
  await locker.connect();
});
afterAll(async () => {
  await locker?.end();
  await h?.close();
});

/** Another session holds the audit table, as a long migration or a stuck transaction would. */
async function lockAuditTable(): Promise<() => Promise<void>> {
  await locker.query("BEGIN");
  await locker.query(`LOCK TABLE "AuditEvent" IN ACCESS EXCLUSIVE MODE`);
  return async () => void (await locker.query("COMMIT"));
}

const loaded = () => h.db.auditEvent.count({ where: { action: "catalog.loaded", targetId: catalog.file } });

function quietLog() {
  const lines: string[] = [];
  return { lines, log: { warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m), log: (m: string) => lines.push(m) } };
}

describe("start-up writes against a locked database", { timeout: 60_000 }, () => {
  it("retry with backoff and get through once the lock is released", async () => {
    const before = await loaded();
    const release = await lockAuditTable();
    const { log } = quietLog();
    let failures = 0;
    let released: Promise<void> | null = null;
    const result = await runStartupWrites([{ name: "catalog.loaded", run: () => recordCatalogLoaded(h.db, catalog, new Date(), 300) }], {
      totalMs: 30_000,
      firstDelayMs: 50,
      log,
      onFailure: () => {
        // Two attempts met the lock; then it goes, as a finished migration's would.
        if (++failures === 2) released = release();
      },
    });
    await released;
    expect(result.done).toBe(true);
    expect(result.attempts).toBe(3);
    expect(await loaded()).toBe(before + 1);
  });

  it("past the bound: one clear line, no exception, and the write lands in the background", async () => {
    const before = await loaded();
    const release = await lockAuditTable();
    const { lines, log } = quietLog();
    const started = Date.now();
    let result;
    try {
      result = await runStartupWrites([{ name: "catalog.loaded audit event", run: () => recordCatalogLoaded(h.db, catalog, new Date(), 200) }], {
        totalMs: 1_500,
        firstDelayMs: 50,
        maxDelayMs: 200,
        log,
      });
    } finally {
      await release();
    }
    expect(result.done).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(lines.join("\n")).toMatch(/did not accept the start-up writes \(catalog\.loaded audit event\) within 2 s .*starts anyway and keeps retrying/);
    await result.settled;
    expect(await loaded()).toBe(before + 1);
  });
});
