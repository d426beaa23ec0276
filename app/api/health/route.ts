export const dynamic = "force-dynamic";

/** Liveness: the process is up and serving. Readiness (database, migrations, catalog, jobs) is /api/ready. */
export async function GET() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
