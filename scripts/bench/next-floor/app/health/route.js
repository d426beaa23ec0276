// The floor's answer with no database, as Frontdesk's /api/health and the ceiling's /health.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
