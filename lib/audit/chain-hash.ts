// How an audit event is hashed into the chain: hash = sha256(previous hash + canonical event).
// recordAuditEvent writes with chainHash; verifyChain checks with hashOf, the same bytes written
// out by hand for speed (the tests hold the two together).
//
// Run as a worker thread (verify-chain.ts starts it), this file checks batches of stored rows.
// It imports Node's built-ins only and uses only erasable TypeScript, so the worker loads it as it
// is under plain Node, tsx and vitest, and Next bundles it as a worker entry of its own.
import { createHash, hash as digest } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";

/** JSON with keys sorted at every level, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function chainHash(prevHash: string, event: Record<string, unknown>): string {
  return createHash("sha256").update(prevHash).update(canonicalJson(event)).digest("hex");
}

/**
 * A stored row as the verifier reads it: [seq, at (epoch ms), actorId, action, targetType,
 * targetId, requestId, result, data], then its prevHash and hash when they travel with it.
 */
export type StoredRow = [number, number, string | null, string, string, string | null, string | null, string, unknown, string?, string?];

const json = JSON.stringify;

/**
 * chainHash(prevHash, event) as recordAuditEvent computes it, with canonicalJson's output for the
 * event's fixed, already sorted keys written out by hand: the generic walk is most of the cost.
 */
export function hashOf([, atMs, actorId, action, targetType, targetId, requestId, result, data]: StoredRow, prevHash: string): string {
  const canonical =
    `{"action":${json(action)},"actorId":${json(actorId)},"at":"${isoTime(atMs)}","data":${canonicalData(data)},` +
    `"requestId":${json(requestId)},"result":${json(result)},"targetId":${json(targetId)},"targetType":${json(targetType)}}`;
  // One-shot hashing: about twice as fast as createHash for inputs this small.
  return digest("sha256", prevHash + canonical, "hex");
}

// Data is a flat object of scalars in every event recordAuditEvent writes; anything else takes the generic path.
function canonicalData(data: unknown): string {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return canonicalJson(data);
  const record = data as Record<string, unknown>;
  const { keys, prefixes } = shapeOf(record);
  let out = "";
  for (let i = 0; i < keys.length; i++) {
    const value = record[keys[i]!];
    if (value === undefined) continue;
    out += `${out ? "," : ""}${prefixes[i]}${value !== null && typeof value === "object" ? canonicalJson(value) : json(value)}`;
  }
  return `{${out}}`;
}

// Events of one kind carry the same keys in the same order: sort each such list once, and write
// each key's `"key":` once.
const shapes = new Map<string, { keys: string[]; prefixes: string[] }>();
function shapeOf(record: Record<string, unknown>): { keys: string[]; prefixes: string[] } {
  const keys = Object.keys(record);
  const id = keys.join("\u0000");
  let shape = shapes.get(id);
  if (!shape) {
    const sorted = [...keys].sort();
    shape = { keys: sorted, prefixes: sorted.map((key) => `${json(key)}:`) };
    if (shapes.size < 10_000) shapes.set(id, shape);
  }
  return shape;
}

const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, "0"));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, "0"));
let cachedDay = NaN;
let cachedDate = "";

/**
 * new Date(ms).toISOString(), which costs more than the hash itself: events come in time order,
 * so the date part is worked out once a day and only the time of day is written per event.
 */
export function isoTime(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDate = new Date(day * DAY_MS).toISOString().slice(0, -13); // "2026-03-02T"; throws where toISOString throws
    cachedDay = day;
  }
  const time = ms - day * DAY_MS;
  return `${cachedDate}${TWO_DIGITS[Math.floor(time / 3_600_000)]}:${TWO_DIGITS[Math.floor(time / 60_000) % 60]}:${TWO_DIGITS[Math.floor(time / 1000) % 60]}.${THREE_DIGITS[time % 1000]}Z`;
}

export interface ChainLink {
  seq: number;
  hash: string;
}

/** A stored row reduced to what the chain rules look at. */
export interface CheckedLink extends ChainLink {
  prevHash: string;
  /** Its content still produces its hash. */
  intact: boolean;
}

/** The one rule between neighbours: the next position, intact, chained from the row before. */
export function continues(row: CheckedLink, previous: ChainLink): boolean {
  return row.seq === previous.seq + 1 && row.intact && row.prevHash === previous.hash;
}

/**
 * A batch of consecutive rows, checked among themselves. Whether `first` continues the chain
 * so far is for the caller to say; the rows after it are checked against their predecessors, up
 * to the first one that does not continue (`broken`, with the row before it).
 */
export interface BatchCheck {
  /** Rows in the batch, and the seq of its last one (whatever its state). */
  rows: number;
  lastSeq: number;
  first?: CheckedLink;
  /** The rows from `first` on that continue one another: how many, and the last of them. */
  run: number;
  runEnd?: ChainLink;
  /** The row after runEnd, which does not continue from it. */
  broken?: CheckedLink;
}

/**
 * Some rows of a batch, in seq order, as verify-chain.ts reads them: `events` holds StoredRows as
 * a JSON array without its brackets, and `hashes` each row's prevHash and hash, 64 characters
 * each, one row after another (PostgreSQL writes that string far more cheaply than the same
 * hashes as JSON). Where a row's hashes are not both 64 ASCII characters, `hashes` is null and
 * each StoredRow carries its own.
 */
export interface Chunk {
  events: string;
  hashes: string | null;
}

export const HASHES_PER_ROW = 128;

export function checkBatch(chunks: readonly Chunk[]): BatchCheck {
  const check: BatchCheck = { rows: 0, lastSeq: 0, run: 0 };
  let previous: ChainLink | undefined;
  for (const { events, hashes } of chunks) {
    const rows = JSON.parse(`[${events}]`) as StoredRow[];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const at = i * HASHES_PER_ROW;
      const prevHash = hashes ? hashes.slice(at, at + 64) : row[9]!;
      const hash = hashes ? hashes.slice(at + 64, at + HASHES_PER_ROW) : row[10]!;
      const seq = row[0];
      check.rows++;
      check.lastSeq = seq;
      if (check.broken) continue;
      const link: CheckedLink = { seq, prevHash, hash, intact: hashOf(row, prevHash) === hash };
      if (!previous) check.first = link;
      else if (!continues(link, previous)) {
        check.broken = link;
        continue;
      }
      check.run++;
      previous = { seq, hash };
      check.runEnd = previous;
    }
  }
  return check;
}

/** workerData of the verifier's threads (an object: Next's bundle adds keys of its own to it). */
export const CHAIN_WORKER = { role: "frontdesk-verify-chain" };

if (parentPort && (workerData as typeof CHAIN_WORKER | undefined)?.role === CHAIN_WORKER.role) {
  const port = parentPort;
  port.on("message", ({ id, chunks }: { id: number; chunks: Chunk[] }) => {
    try {
      port.postMessage({ id, check: checkBatch(chunks) });
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}
