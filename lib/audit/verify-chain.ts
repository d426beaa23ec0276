// Recomputes the audit hash chain from the stored rows. The table is read in seq order in
// fixed-size ranges of seq (keyset, so memory stays flat and no cursor or long transaction is
// held). Several ranges are read ahead at once, each on its own pooled connection, so the
// database builds the next batches in parallel while this thread hashes the current one; the
// rows are still checked one after another in seq order, so the first break is the one named.
import { hash as digest } from "node:crypto";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { diagnoseBrokenContent, diagnoseBrokenLink, missingRows, type ChainLink, type StoredLink } from "./chain-breaks";
import { canonicalJson, GENESIS_HASH } from "./record-audit-event";

export interface ChainAnchor {
  seq: number;
  hash: string;
}

interface BrokenLink {
  /** The first row that is missing, changed, misplaced or forged. */
  seq: number;
  reason: string;
}

export interface ChainVerification {
  ok: boolean;
  /** Rows verified intact (before the first break, if any). */
  checked: number;
  /** The last row verified intact; the starting point (genesis or the anchor) when there is none. */
  headSeq: number;
  headHash: string;
  firstBroken?: BrokenLink;
}

export interface VerifyChainOptions {
  /**
   * Start at a previously published anchor instead of the genesis: the row at `seq` must still
   * carry `hash`, which is how a rewrite of the whole table is caught.
   */
  fromAnchor?: ChainAnchor;
  batchSize?: number;
  /** Batches read ahead at once (each on a connection of the pool); 3 unless given. */
  readAhead?: number;
}

type Db = Pick<PrismaClient, "$queryRaw">;

/** [seq, at (epoch ms), actorId, action, targetType, targetId, requestId, result, data, prevHash, hash] */
export type StoredRow = [number, number, string | null, string, string, string | null, string | null, string, unknown, string, string];

const DEFAULT_BATCH = 10_000;
const DEFAULT_READ_AHEAD = 3;

export async function verifyChain(db: Db, options: VerifyChainOptions = {}): Promise<ChainVerification> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const anchor = options.fromAnchor && options.fromAnchor.seq > 0 ? options.fromAnchor : undefined;
  const start: ChainLink = { seq: anchor?.seq ?? 0, hash: options.fromAnchor?.hash ?? GENESIS_HASH };
  // Null until the anchor row itself has been checked; the genesis has no row.
  let last: ChainLink | null = anchor ? null : start;
  let checked = 0;

  const result = (firstBroken?: BrokenLink): ChainVerification => ({
    ok: !firstBroken,
    checked,
    headSeq: (last ?? start).seq,
    headHash: (last ?? start).hash,
    ...(firstBroken && { firstBroken }),
  });

  const batches = readAhead(db, anchor ? start.seq - 1 : 0, batchSize, options.readAhead ?? DEFAULT_READ_AHEAD);
  try {
    for (;;) {
      const rows = await batches.next();
      if (!rows) break;
      // Let the reads ahead reach the database before the hashing below holds the thread.
      await new Promise((resolve) => setImmediate(resolve));
      for (const row of rows) {
        const broken = checkRow(row, last, start);
        if (broken) return result(await diagnose(db, broken, last));
        last = { seq: row[0], hash: row[10] };
        checked++;
      }
    }
  } finally {
    batches.stop();
  }
  return result(last ? undefined : { seq: start.seq, reason: `row ${start.seq} (the anchor) is missing` });
}

type Failure = BrokenLink | { link: "broken" | "content"; row: StoredLink };

/** Synchronous on purpose: it runs once per event. The rare failures are explained by diagnose. */
function checkRow(row: StoredRow, last: ChainLink | null, start: ChainLink): Failure | undefined {
  const [seq, , , , , , , , , prevHash, hash] = row;
  const intact = hashOf(row) === hash;
  if (!last) {
    if (seq !== start.seq) return { seq: start.seq, reason: `row ${start.seq} (the anchor) is missing` };
    if (hash !== start.hash) return { seq, reason: `row ${seq} does not match the anchor (its hash differs: the table was rewritten)` };
    // The anchor vouches for the stored hash, so a mismatch can only be an edit.
    return intact ? undefined : { seq, reason: `row ${seq} was changed` };
  }
  if (seq !== last.seq + 1) return missingRows(last.seq, seq);
  if (intact && prevHash === last.hash) return undefined;
  return { link: intact ? "broken" : "content", row: { seq, prevHash, hash } };
}

async function diagnose(db: Db, failure: Failure, last: ChainLink | null): Promise<BrokenLink> {
  if (!("link" in failure)) return failure;
  return failure.link === "broken" ? diagnoseBrokenLink(db, failure.row, last?.seq ?? 0) : diagnoseBrokenContent(db, failure.row);
}

const json = JSON.stringify;

/**
 * chainHash(prevHash, event) as recordAuditEvent computes it, with canonicalJson's output for the
 * event's fixed, already sorted keys written out by hand: the generic walk is most of the cost.
 * The tests hold the two to the same bytes.
 */
export function hashOf([, atMs, actorId, action, targetType, targetId, requestId, result, data, prevHash]: StoredRow): string {
  const at = new Date(atMs).toISOString();
  const canonical =
    `{"action":${json(action)},"actorId":${json(actorId)},"at":${json(at)},"data":${canonicalData(data)},` +
    `"requestId":${json(requestId)},"result":${json(result)},"targetId":${json(targetId)},"targetType":${json(targetType)}}`;
  // One-shot hashing: about twice as fast as createHash for inputs this small.
  return digest("sha256", prevHash + canonical, "hex");
}

// Data is a flat object of scalars in every event recordAuditEvent writes; anything else takes the generic path.
function canonicalData(data: unknown): string {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return canonicalJson(data);
  const record = data as Record<string, unknown>;
  let out = "";
  for (const key of sortedKeys(record)) {
    const value = record[key];
    if (value === undefined) continue;
    out += `${out ? "," : ""}${json(key)}:${value !== null && typeof value === "object" ? canonicalJson(value) : json(value)}`;
  }
  return `{${out}}`;
}

/**
 * The rows after `afterSeq` in order, a batch per next(), null at the end. Ranges of seq up to the
 * head seen at the start are read `depth` at a time; a range may come back short (rows missing:
 * the check names them). Past that head, batches by LIMIT until none is left, so rows appended
 * meanwhile are checked too.
 */
function readAhead(db: Db, afterSeq: number, size: number, depth: number) {
  let head: Promise<number> | null = null;
  let nextFrom = afterSeq;
  const inFlight: Promise<StoredRow[]>[] = [];
  let tail = false;
  let lastSeq = afterSeq;
  const fill = async () => {
    head ??= readHead(db);
    const top = await head;
    while (inFlight.length < depth && nextFrom < top) {
      const from = nextFrom;
      nextFrom = Math.min(top, from + size);
      const pending = readRange(db, from, nextFrom);
      pending.catch(() => {}); // awaited in turn; a batch no longer wanted must not be an unhandled rejection
      inFlight.push(pending);
    }
  };
  return {
    async next(): Promise<StoredRow[] | null> {
      if (!tail) {
        await fill();
        const batch = inFlight.shift();
        if (batch) {
          const rows = await batch;
          lastSeq = rows.at(-1)?.[0] ?? lastSeq;
          // An empty range (a hole of a whole batch) is skipped; the next row shows the gap.
          return rows.length > 0 ? rows : this.next();
        }
        tail = true;
        lastSeq = Math.max(lastSeq, nextFrom);
      }
      const rows = await readBatch(db, lastSeq, size);
      if (rows.length === 0) return null;
      lastSeq = rows.at(-1)![0];
      return rows;
    },
    stop() {
      inFlight.length = 0;
    },
  };
}

async function readHead(db: Db): Promise<number> {
  const [row] = await db.$queryRaw<{ seq: bigint | null }[]>`SELECT max(seq) AS seq FROM "AuditEvent"`;
  return Number(row?.seq ?? 0);
}

const BATCH_COLUMNS = Prisma.sql`json_agg(json_build_array(seq, floor(extract(epoch FROM at) * 1000)::bigint, "actorId", action, "targetType",
  "targetId", "requestId", result, data, "prevHash", hash) ORDER BY seq)::text AS rows`;

async function readRange(db: Db, afterSeq: number, upToSeq: number): Promise<StoredRow[]> {
  const [batch] = await db.$queryRaw<{ rows: string | null }[]>`
    SELECT ${BATCH_COLUMNS} FROM "AuditEvent" WHERE seq > ${afterSeq} AND seq <= ${upToSeq}`;
  return batch?.rows ? (JSON.parse(batch.rows) as StoredRow[]) : [];
}

// Events of one kind carry the same keys in the same order: sort each such list once.
const keyOrders = new Map<string, string[]>();
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  const id = keys.join("\u0000");
  let sorted = keyOrders.get(id);
  if (!sorted) {
    sorted = [...keys].sort();
    if (keyOrders.size < 10_000) keyOrders.set(id, sorted);
  }
  return sorted;
}

// One JSON document per batch: far cheaper to decode than a row object per event.
async function readBatch(db: Db, afterSeq: number, limit: number): Promise<StoredRow[]> {
  const [batch] = await db.$queryRaw<{ rows: string | null }[]>`
    SELECT json_agg(json_build_array(seq, floor(extract(epoch FROM at) * 1000)::bigint, "actorId", action, "targetType",
             "targetId", "requestId", result, data, "prevHash", hash) ORDER BY seq)::text AS rows
    FROM (SELECT * FROM "AuditEvent" WHERE seq > ${afterSeq} ORDER BY seq LIMIT ${limit}) AS batch`;
  return batch?.rows ? (JSON.parse(batch.rows) as StoredRow[]) : [];
}
