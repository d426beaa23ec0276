// Validate the configuration and the catalog, and open (for the embedded database: migrate) the
// database, so a bad setup stops the server at boot with a clear message instead of failing on
// someone's first click.
import { getCatalog, watchCatalog } from "@/lib/catalog/load-catalog";
import { DEFAULT_ANCHOR_INTERVAL_MINUTES } from "@/lib/context";
import { getDeps } from "@/lib/deps";
import { getEnv } from "@/lib/env";
import { startJobLoop } from "@/lib/jobs/start-job-loop";
import { recordCatalogLoaded } from "@/lib/audit/record-catalog-loaded";
import { ensureSinkScheduled } from "@/lib/audit/sink-jobs";
import { ensureAnchorScheduled } from "@/lib/audit/anchor-jobs";
import { proxyTrustWarning } from "@/lib/http/proxy-trust-warning";
import { runStartupWrites } from "@/lib/startup-writes";
import { bridgeConsoleToLog } from "@/lib/log/console-bridge";
import { installShutdownHandlers } from "@/lib/ops/graceful-shutdown";
import { countRequestCosts, observeHttp } from "@/lib/ops/http-observer";
import { ensureRetentionScheduled } from "@/lib/ops/retention-jobs";
import { ensurePublishScheduled } from "@/lib/federation/publish-jobs";

export async function boot(): Promise<void> {
  // JSON log lines, request ids and metrics, and graceful shutdown, before anything is served.
  bridgeConsoleToLog();
  observeHttp();
  try {
    countRequestCosts(getEnv().FRONTDESK_SERVER_TIMING === "true");
    const warning = proxyTrustWarning(getEnv());
    if (warning) console.warn(warning);
    installShutdownHandlers();
    const catalog = getCatalog();
    const deps = await getDeps();
    // Retried with backoff for a bounded time, then in the background: never a reason to exit.
    const loadedAt = deps.now();
    await runStartupWrites([
      { name: "catalog.loaded audit event", run: () => recordCatalogLoaded(deps.db, catalog, loadedAt, 5_000) },
      { name: "audit sink schedule", run: () => ensureSinkScheduled(deps.db, deps.now(), { webhookUrl: deps.auditDelivery?.webhookUrl }) },
      {
        name: "audit anchor schedule",
        run: () => ensureAnchorScheduled(deps.db, deps.now(), deps.auditDelivery?.anchorIntervalMinutes ?? DEFAULT_ANCHOR_INTERVAL_MINUTES),
      },
      { name: "retention schedule", run: () => ensureRetentionScheduled(deps.db, deps.now()) },
      { name: "identity provider publish schedule", run: () => ensurePublishScheduled(deps) },
    ]);
    // Outbox jobs (revocations at AWS) run in every instance; their leases keep them apart.
    startJobLoop(getDeps);
    // Live catalog reload (issue 18): a valid change is served within seconds, a broken one refused.
    const reloadSeconds = getEnv().FRONTDESK_CATALOG_RELOAD_SECONDS;
    if (reloadSeconds > 0) watchCatalog(deps.db, deps.now, reloadSeconds * 1000);
    console.log(`[frontdesk] ready: catalog ${catalog.file} (${catalog.roles.length} roles, sha256 ${catalog.sha256.slice(0, 12)})`);
  } catch (error) {
    console.error(`[frontdesk] cannot start:\n${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
