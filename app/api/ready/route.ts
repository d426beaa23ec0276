import { getCatalog } from "@/lib/catalog/load-catalog";
import { getDb } from "@/lib/db/client";
import { JOB_LOOP_INTERVAL_MS } from "@/lib/jobs/start-job-loop";
import { loopHealth } from "@/lib/jobs/loop-control";
import { checkReadiness } from "@/lib/ops/readiness";
import { isShuttingDown } from "@/lib/ops/shutdown-state";

export const dynamic = "force-dynamic";

/** Readiness for load balancers: 200 when every part is ready, else 503 naming the parts that are not. */
export async function GET() {
  const result = await checkReadiness({
    db: () => getDb(),
    catalog: () => {
      const catalog = getCatalog();
      return { roles: catalog.roles.length, sha256: catalog.sha256 };
    },
    jobLoop: () => {
      const health = loopHealth(JOB_LOOP_INTERVAL_MS);
      return { ok: health.alive, detail: health.detail };
    },
    shuttingDown: isShuttingDown,
  });
  const status = result.ready ? "ready" : isShuttingDown() ? "shutting down" : "not ready";
  return Response.json({ status, ...result.parts }, { status: result.ready ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
