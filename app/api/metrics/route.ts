import { getDb } from "@/lib/db/client";
import { getOpsConfig } from "@/lib/env";
import { metricsTokenMatches, renderMetrics } from "@/lib/ops/metrics";

export const dynamic = "force-dynamic";

/** Prometheus scrape: `Authorization: Bearer <METRICS_TOKEN>`; off (404) when METRICS_TOKEN is unset. */
export async function GET(request: Request) {
  const token = getOpsConfig().METRICS_TOKEN;
  if (!token) return new Response("Not found\n", { status: 404 });
  if (!metricsTokenMatches(request.headers.get("authorization"), token)) {
    return new Response("Unauthorized\n", { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="metrics"' } });
  }
  const db = await getDb().catch(() => null);
  const { contentType, body } = await renderMetrics(db);
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}
