import { getCatalog } from "@/lib/catalog/load-catalog";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** Liveness and readiness for load balancers: the database answers and the catalog is valid. */
export async function GET() {
  try {
    const db = await getDb();
    await db.$queryRaw`SELECT 1`;
    const catalog = getCatalog();
    return Response.json({ status: "ok", catalog: { roles: catalog.roles.length, sha256: catalog.sha256 } });
  } catch (error) {
    console.error("[frontdesk] health check failed:", error);
    return Response.json({ status: "unavailable" }, { status: 503 });
  }
}
