// Validate the configuration and the catalog, and open (for the embedded database: migrate) the
// database, so a bad setup stops the server at boot with a clear message instead of failing on
// someone's first click.
import { getCatalog } from "@/lib/catalog/load-catalog";
import { getDb } from "@/lib/db/client";
import { getDeps } from "@/lib/deps";
import { getEnv } from "@/lib/env";
import { startJobLoop } from "@/lib/jobs/start-job-loop";
import { recordCatalogLoaded } from "@/lib/audit/record-catalog-loaded";
import { ensureSinkScheduled } from "@/lib/audit/sink-jobs";
import { ensureAnchorScheduled } from "@/lib/audit/anchor-jobs";
import { runStartupWrites } from "@/lib/startup-writes";

export async function boot(): Promise<void> {
  try {
    getEnv();
    const catalog = getCatalog();
    const db = await getDb();
    // Retried with backoff for a bounded time, then in the background: never a reason to exit.
    const loadedAt = new Date();
    await runStartupWrites([
      { name: "catalog.loaded audit event", run: () => recordCatalogLoaded(db, catalog, loadedAt, 5_000) },
      { name: "audit sink schedule", run: () => ensureSinkScheduled(db, new Date()) },
      { name: "audit anchor schedule", run: () => ensureAnchorScheduled(db, new Date()) },
    ]);
    // Outbox jobs (revocations at AWS) run in every instance; their leases keep them apart.
    startJobLoop(getDeps);
    console.log(`[frontdesk] ready: catalog ${catalog.file} (${catalog.roles.length} roles, sha256 ${catalog.sha256.slice(0, 12)})`);
  } catch (error) {
    console.error(`[frontdesk] cannot start:\n${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
