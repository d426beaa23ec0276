// GET /api/audit/export?format=jsonl|csv&<audit filter>: the filtered trail as a streamed download.
import { parseAuditFilter } from "@/lib/audit/audit-filter";
import { AUDIT_EXPORT_FORMATS, exportAuditEvents, type AuditExportFormat } from "@/lib/audit/export-audit-events";
import { actorOrThrow } from "@/lib/http/action-input";
import { getDeps } from "@/lib/deps";
import { AppError } from "@/lib/errors";
import { errorJson } from "@/lib/http/responses";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  try {
    // A page on another site may not start an export (each one is audited and may be large).
    if (request.headers.get("sec-fetch-site") === "cross-site") throw new AppError("FORBIDDEN", "Start exports from the Frontdesk audit page.");
    const actor = await actorOrThrow();
    const params = new URL(request.url).searchParams;
    const format = params.get("format") ?? "";
    if (!isFormat(format)) throw new AppError("INVALID_INPUT", "Choose format=jsonl or format=csv.");
    const parsed = parseAuditFilter(params);
    if (!parsed.ok) throw new AppError("INVALID_INPUT", "The filter is not valid.", parsed.fieldErrors);
    const file = await exportAuditEvents(await getDeps(), { actor, filter: parsed.filter, format });
    return new Response(file.body, {
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.filename}"`,
        "Cache-Control": "no-store, max-age=0",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    return errorJson(error);
  }
}

function isFormat(value: string): value is AuditExportFormat {
  return (AUDIT_EXPORT_FORMATS as readonly string[]).includes(value);
}
