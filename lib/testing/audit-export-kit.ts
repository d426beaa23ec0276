// Measuring exports: synthetic events made in SQL and a reader that records memory as it goes.
// Used by the export integration test and `npm run bench:audit-export`.
import type { Deps } from "@/lib/context";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { exportAuditEvents, type ExportAuditEventsOptions } from "@/lib/audit/export-audit-events";

export const SYNTHETIC_ACTION = "bench.event";

/**
 * Events made in SQL, fast. Their hashes are stand-ins, not sha256 of the events, but each row's
 * prevHash is the row before's hash, so the append-only trigger accepts them as a chain.
 */
export async function insertSyntheticEvents(db: PrismaClient, count: number): Promise<void> {
  const head = await db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
  await db.$executeRaw`
    INSERT INTO "AuditEvent" ("at", "actorId", action, "targetType", "targetId", "requestId", result, data, "prevHash", hash)
    SELECT timestamp '2026-01-01' + g * interval '1 second', 'user' || (g % 500), ${SYNTHETIC_ACTION}, 'request', 'req' || (g % 5000),
           'req' || (g % 5000), 'ok', jsonb_build_object('n', g, 'comment', 'synthetic, "quoted" row ' || g),
           CASE WHEN g = 1 THEN ${head?.hash ?? "0".repeat(64)} ELSE md5('a' || (g - 1)) || md5('b' || (g - 1)) END,
           md5('a' || g) || md5('b' || g)
    FROM generate_series(1, ${count}::int) AS g
    ORDER BY g`;
}

export interface ExportMeasurement {
  rows: number;
  bytes: number;
  seconds: number;
  rssBeforeBytes: number;
  peakRssBytes: number;
  heapBeforeBytes: number;
  peakHeapBytes: number;
  heapGrowthBytes: number;
  /** Most heap still reachable after a full GC, sampled every 100 chunks (only with node --expose-gc). */
  liveHeapGrowthBytes: number | null;
  summary: string;
}

/**
 * Reads an export the way the route's client would (chunk by chunk from the same stream), and
 * samples this process's memory on every chunk and every 10 ms in between. Peak heap includes
 * garbage V8 has not collected yet; the live figure (after forced GCs) is what the export holds.
 */
export async function measureExport(deps: Pick<Deps, "db" | "catalog" | "now">, options: ExportAuditEventsOptions): Promise<ExportMeasurement> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const base = process.memoryUsage();
  let liveHeap = gc ? base.heapUsed : null;
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const sample = () => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  };
  const sampler = setInterval(sample, 10);
  const started = performance.now();
  let lines = 0;
  let bytes = 0;
  let chunks = 0;
  try {
    const file = await exportAuditEvents(deps, options);
    const reader = file.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      bytes += chunk.value.byteLength;
      for (let i = chunk.value.indexOf(10); i !== -1; i = chunk.value.indexOf(10, i + 1)) lines++;
      sample();
      if (gc && liveHeap !== null && ++chunks % 100 === 0) {
        gc();
        liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed);
      }
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  const rows = options.format === "csv" ? lines - 1 : lines;
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return {
    rows,
    bytes,
    seconds,
    rssBeforeBytes: base.rss,
    peakRssBytes: peakRss,
    heapBeforeBytes: base.heapUsed,
    peakHeapBytes: peakHeap,
    heapGrowthBytes: peakHeap - base.heapUsed,
    liveHeapGrowthBytes: liveHeap === null ? null : liveHeap - base.heapUsed,
    summary:
      `${rows} rows, ${mb(bytes)} in ${seconds.toFixed(1)} s; RSS ${mb(base.rss)} -> peak ${mb(peakRss)}; ` +
      `heap ${mb(base.heapUsed)} -> peak ${mb(peakHeap)} (growth ${mb(peakHeap - base.heapUsed)})` +
      (liveHeap === null ? "" : `; live heap after GC +${mb(liveHeap - base.heapUsed)}`),
  };
}
