// Exports of the audit trail as JSON Lines or CSV. Rows are read in keyset batches and encoded one
// batch at a time, and the stream only asks for the next batch when the reader has taken the last,
// so memory stays flat whether the filter matches ten rows or ten million.
import type { Deps } from "@/lib/context";
import type { Actor } from "@/lib/policy/access";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { auditFilterData, type AuditFilter } from "./audit-filter";
import { selectAuditRows, type AuditRow } from "./audit-rows";
import { assertCan } from "@/lib/policy/permissions";
import { auditedTransaction, recordAuditEvent } from "./record-audit-event";

export const AUDIT_EXPORT_FORMATS = ["jsonl", "csv"] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];
const EXPORT_BATCH_SIZE = 1_000;
const SPAN_BATCHES = 10;

const CONTENT_TYPES: Record<AuditExportFormat, string> = {
  jsonl: "application/x-ndjson; charset=utf-8",
  csv: "text/csv; charset=utf-8",
};

export interface AuditExport {
  filename: string;
  contentType: string;
  body: ReadableStream<Uint8Array>;
}

export interface ExportAuditEventsOptions {
  actor: Actor;
  filter: AuditFilter;
  format: AuditExportFormat;
  batchSize?: number;
}

const COLUMNS = ["seq", "at", "actorId", "actorEmail", "action", "targetType", "targetId", "requestId", "result", "data", "prevHash", "hash"] as const;

/** The exported record: the hashed event fields (so the chain can be checked) plus the actor's email. */
export function exportRecord(row: AuditRow): Record<(typeof COLUMNS)[number], string | null | AuditRow["data"]> {
  return {
    seq: row.seq.toString(),
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorEmail: row.actorEmail,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    requestId: row.requestId,
    result: row.result,
    data: row.data,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

function toJsonLine(row: AuditRow): string {
  return `${JSON.stringify(exportRecord(row))}\n`;
}

/**
 * One RFC 4180 field. Spreadsheets run cells that start with = + - @ (or a tab or carriage
 * return) as formulas, so those get a leading apostrophe: an audit file must never execute.
 */
export function csvCell(value: string | null): string {
  if (value === null) return "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const CSV_HEADER = `${COLUMNS.join(",")}\r\n`;

function toCsvLine(row: AuditRow): string {
  const record = exportRecord(row);
  return `${COLUMNS.map((column) => {
    const value = record[column];
    return csvCell(value === null || typeof value === "string" ? value : JSON.stringify(value));
  }).join(",")}\r\n`;
}

/**
 * Matching events in seq order up to `upTo`, `batchSize` at a time; never more than one batch in
 * memory. Each query also covers a bounded seq range, so its cost stays bounded even when the
 * planner misjudges the filter (a freshly loaded, never-analyzed table sorted everything after the
 * cursor on every batch: quadratic).
 */
export async function* readAuditBatches(
  db: PrismaClient,
  filter: AuditFilter,
  { upTo, batchSize = EXPORT_BATCH_SIZE }: { upTo: bigint; batchSize?: number },
): AsyncGenerator<AuditRow[]> {
  const span = BigInt(batchSize * SPAN_BATCHES);
  let after = 0n;
  while (after < upTo) {
    const until = after + span < upTo ? after + span : upTo;
    const rows = await selectAuditRows(db, filter, { order: "asc", after, upTo: until, limit: batchSize });
    const last = rows.at(-1);
    if (last) yield rows;
    after = last && rows.length === batchSize ? last.seq : until;
  }
}

/** The file's text, one chunk per batch (a chunk per row would cost more in stream overhead than in bytes). */
export async function* encodeAuditExport(batches: AsyncIterable<AuditRow[]>, format: AuditExportFormat): AsyncGenerator<string> {
  if (format === "csv") yield CSV_HEADER;
  const encode = format === "csv" ? toCsvLine : toJsonLine;
  for await (const rows of batches) yield rows.map(encode).join("");
}

/** A byte stream that produces a chunk only when its reader pulls: backpressure reaches the database. */
function pullStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        // The status line has long gone out; the reader sees a cut-off file, the log says why.
        console.error("[frontdesk] audit export failed while streaming:", error);
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

export async function exportAuditEvents(deps: Pick<Deps, "db" | "catalog" | "now">, options: ExportAuditEventsOptions): Promise<AuditExport> {
  const { actor, filter, format } = options;
  assertCan(actor, "audit.export", null, deps.catalog);
  const now = deps.now();
  // Recorded before the first byte leaves: an export that is cut off midway still shows up.
  await auditedTransaction(deps.db, (tx) =>
    recordAuditEvent(tx, { actorId: actor.id, action: "audit.exported", targetType: "audit", data: { format, ...auditFilterData(filter) } }, now),
  );
  // A fixed end, so a long export is a consistent snapshot and finishes even while events keep coming.
  const [{ max } = { max: null }] = await deps.db.$queryRaw<{ max: bigint | null }[]>`SELECT max(seq) AS max FROM "AuditEvent"`;
  const batches = readAuditBatches(deps.db, filter, { upTo: max ?? 0n, batchSize: options.batchSize });
  return {
    filename: `frontdesk-audit-${now.toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "")}.${format}`,
    contentType: CONTENT_TYPES[format],
    body: pullStream(encodeAuditExport(batches, format)),
  };
}
