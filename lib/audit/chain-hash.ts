// How an audit event is hashed into the chain: hash = sha256(previous hash + canonical event).
// chainHash is the definition. recordAuditEvent sends canonicalJson to the database's
// audit_chain_append, which hashes it after the previous hash as chainHash does; verifyChain checks
// with hashOf, which produces the same bytes faster, a batch of stored rows at a time (checkBatch).
// The tests hold all three to chainHash.
//
// verify-chain.ts may also run this file as a worker thread that checks batches. It imports
// Node's built-ins only and uses only erasable TypeScript, so the thread loads it as it is under
// plain Node, tsx and vitest, and Next bundles it as a worker entry of its own.
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

/**
 * chainHash(prevHash, event) as recordAuditEvent computes it, without canonicalJson's generic
 * walk, which is most of the cost: canonicalJson writes what JSON.stringify writes for objects
 * whose keys were added in sorted order, so the event is built in that order here (and its data
 * copied in that order) for the native serializer to write at once. The tests hold the two to
 * the same bytes.
 */
export function hashOf([, atMs, actorId, action, targetType, targetId, requestId, result, data]: StoredRow, prevHash: string): string {
  // One-shot hashing: about twice as fast as createHash for inputs this small.
  return digest("sha256", prevHash + canonicalOf(atMs, actorId, action, targetType, targetId, requestId, result, data), "hex");
}

/** canonicalJson of the event a stored row holds (see hashOf). */
function canonicalOf(
  atMs: number,
  actorId: string | null,
  action: string,
  targetType: string,
  targetId: string | null,
  requestId: string | null,
  result: string,
  data: unknown,
): string {
  const at = isoTime(atMs);
  const sorted = inSortedOrder(data);
  return sorted
    ? JSON.stringify({ action, actorId, at, data: sorted, requestId, result, targetId, targetType })
    : canonicalJson({ action, actorId, at, data, requestId, result, targetId, targetType });
}

/**
 * A copy of `data` with its keys added in sorted order, if JSON.stringify then writes it as
 * canonicalJson would: a flat object of scalars (every event recordAuditEvent writes) whose keys
 * JavaScript keeps in the order added (not "__proto__", nor integers, which objects list first).
 */
function inSortedOrder(data: unknown): Record<string, unknown> | undefined {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return undefined;
  const record = data as Record<string, unknown>;
  const shape = shapeOf(record);
  if (!shape.keepsOrder) return undefined;
  const sorted: Record<string, unknown> = {};
  for (const key of shape.keys) {
    const value = record[key];
    if (value !== null && typeof value === "object") return undefined;
    sorted[key] = value;
  }
  return sorted;
}

// Events of one kind carry the same keys in the same order: sort each such list once. The lists
// met last are compared key by key first (JSON.parse gives the same key strings each time, so
// that is a few pointer comparisons), which costs far less than naming the list to look it up.
interface Shape {
  keys: string[];
  keepsOrder: boolean;
}
const shapes = new Map<string, Shape>();
const recentShapes: { keys: string[]; shape: Shape }[] = [];
const RECENT_SHAPES = 8;
const INTEGER = /^(0|[1-9][0-9]*)$/;
function shapeOf(record: Record<string, unknown>): Shape {
  const keys = Object.keys(record);
  for (const recent of recentShapes) if (sameKeys(recent.keys, keys)) return recent.shape;
  const id = keys.join("\u0000");
  let shape = shapes.get(id);
  if (!shape) {
    const sorted = [...keys].sort();
    shape = { keys: sorted, keepsOrder: sorted.every((key) => key !== "__proto__" && !INTEGER.test(key)) };
    if (shapes.size < 10_000) shapes.set(id, shape);
  }
  recentShapes.unshift({ keys, shape });
  if (recentShapes.length > RECENT_SHAPES) recentShapes.pop();
  return shape;
}

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
 * to the first one that does not continue (`broken`).
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
  /**
   * The index of a chunk whose records could not be told apart (a field holds a separator
   * itself): the check stopped there, and the caller sends that chunk again as events.
   */
  unreadable?: number;
}

/** Between the fields of a record, and between records (see Chunk). */
export const FIELD = "\x1f";
const RECORD_FIELDS = 11;

/**
 * Some rows of a batch, in seq order, as verify-chain.ts reads them. Usually `count` records in
 * one string: each row's fields in StoredRow order, then its prevHash and hash, as plain text,
 * FIELD between any two fields, those of a row and those of the next alike (PostgreSQL writes
 * that far more cheaply than JSON, which it escapes a character at a time); actorId, targetId
 * and requestId are empty when null and start with "=" otherwise, and data is the stored JSON.
 * Since a field might hold FIELD itself, a chunk counts as read only if it splits into exactly
 * `count` times RECORD_FIELDS fields: a FIELD inside a field adds one. Otherwise (or where the
 * caller prefers it) `events` holds the rows as a JSON array of StoredRows that carry their hashes.
 */
export type Chunk = { count: number; records: string | null } | { events: string };

/** Checks a batch's rows, given in seq order in one or more chunks. */
export function checkBatch(chunks: readonly Chunk[]): BatchCheck {
  const check: BatchCheck = { rows: 0, lastSeq: 0, run: 0 };
  let previous: ChainLink | undefined;
  /** Counts a row and, while the batch holds, checks it: `canonical` is its event as hashed. */
  const visit = (seq: number, prevHash: string, hash: string, canonical: string) => {
    check.rows++;
    check.lastSeq = seq;
    if (check.broken) return;
    const link: CheckedLink = { seq, prevHash, hash, intact: digest("sha256", prevHash + canonical, "hex") === hash };
    if (!previous) check.first = link;
    else if (!continues(link, previous)) {
      check.broken = link;
      return;
    }
    check.run++;
    previous = { seq, hash };
    check.runEnd = previous;
  };
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c]!;
    if ("events" in chunk) {
      for (const [seq, atMs, actorId, action, targetType, targetId, requestId, result, data, prevHash, hash] of JSON.parse(chunk.events) as StoredRow[]) {
        visit(seq, prevHash!, hash!, check.broken ? "" : canonicalOf(atMs, actorId, action, targetType, targetId, requestId, result, data));
      }
      continue;
    }
    if (chunk.count === 0 || chunk.records === null) continue;
    // One split for the whole chunk: the rows' fields one after another.
    const f = chunk.records.split(FIELD);
    if (f.length !== chunk.count * RECORD_FIELDS) return { ...check, unreadable: c };
    for (let i = 0; i < f.length; i += RECORD_FIELDS) {
      const canonical = check.broken
        ? ""
        : canonicalOf(+f[i + 1]!, optional(f[i + 2]!), f[i + 3]!, f[i + 4]!, optional(f[i + 5]!), optional(f[i + 6]!), f[i + 7]!, JSON.parse(f[i + 8]!));
      visit(+f[i]!, f[i + 9]!, f[i + 10]!, canonical);
    }
  }
  return check;
}

const optional = (field: string): string | null => (field === "" ? null : field.slice(1));

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
