// Recomputes the audit hash chain from the stored rows. The table is read in seq order in
// fixed-size ranges of seq (keyset, so memory stays flat and no cursor or long transaction is
// held). Two or more ranges are in flight at once, each read on its own pooled connection, so the
// database builds the next batch while this process hashes the current one. A batch is checked
// as a whole (chain-hash.ts's checkBatch: each row against the one before it), on a worker thread
// where there are cores to spare, otherwise on this thread; the batches are then joined here in
// seq order, the first row of each checked against the last of the one before, so the first
// break named is the first in the chain whichever batch or thread found it.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { diagnoseBrokenContent, diagnoseBrokenLink, missingRows, type StoredLink } from "./chain-breaks";
import { CHAIN_WORKER, checkBatch, continues, FIELD, type BatchCheck, type ChainLink, type CheckedLink, type Chunk } from "./chain-hash";
import { GENESIS_HASH } from "./record-audit-event";

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
  /** Rows per batch (a range of seq read in one query and hashed on one thread); 10,000 unless given. */
  batchSize?: number;
  /** Rows per string a batch is sent in (see readRange); 250 unless given. */
  chunkSize?: number;
  /** Batches in flight at once (being read or hashed); unless given, 2 below four cores, else 4. */
  readAhead?: number;
  /**
   * Threads hashing batches, 0 for this thread. Unless given: this thread for a chain of one batch
   * (starting a thread takes longer than hashing it) or on fewer than four cores, otherwise one
   * per core beyond two, at most four.
   */
  workers?: number;
}

type Db = Pick<PrismaClient, "$queryRaw">;

// One hashing thread only moves the work (and copies every row to do it): threads pay when two
// or more can run beside PostgreSQL and this thread. Measured on two cores, hashing here beat one
// or two threads. There, two batches in flight also beat four: this thread is the bottleneck
// either way, and each further connection costs PostgreSQL CPU of its own (a fresh backend
// faults in the shared buffers it touches) and this process memory to hold what it sent.
const CORES = availableParallelism();
const THREADS_PER_CHAIN = CORES >= 4 ? Math.min(4, CORES - 2) : 0;

/** How verifyChain reads unless told otherwise (the bench's verify floor reads the same way). */
export const CHAIN_READING = { batchSize: 10_000, chunkSize: 250, readAhead: CORES >= 4 ? 4 : 2 };

export async function verifyChain(db: Db, options: VerifyChainOptions = {}): Promise<ChainVerification> {
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

  const afterSeq = anchor ? start.seq - 1 : 0;
  const head = await readHead(db);
  const size = options.batchSize ?? CHAIN_READING.batchSize;
  const threads = new HashingThreads(options.workers ?? (head - afterSeq > size ? THREADS_PER_CHAIN : 0));
  const batches = readAhead(db, threads, {
    afterSeq,
    head,
    size,
    chunkSize: options.chunkSize ?? CHAIN_READING.chunkSize,
    depth: options.readAhead ?? CHAIN_READING.readAhead,
  });
  try {
    for (;;) {
      const batch = await batches.next();
      if (!batch) break;
      if (!batch.first) continue;
      const joint = checkLink(batch.first, last, start);
      if (joint) return result(await diagnose(db, joint, last));
      last = batch.runEnd ?? batch.first;
      checked += batch.run;
      if (batch.broken) return result(await diagnose(db, checkLink(batch.broken, last, start) ?? notABreak(batch.broken), last));
    }
  } finally {
    batches.stop();
    threads.close();
  }
  return result(last ? undefined : { seq: start.seq, reason: `row ${start.seq} (the anchor) is missing` });
}

type Failure = BrokenLink | { link: "broken" | "content"; row: StoredLink };

/** How `row` stands after `last` (null: nothing checked yet, so `row` must be the anchor row). */
function checkLink(row: CheckedLink, last: ChainLink | null, start: ChainLink): Failure | undefined {
  const { seq, prevHash, hash, intact } = row;
  if (!last) {
    if (seq !== start.seq) return { seq: start.seq, reason: `row ${start.seq} (the anchor) is missing` };
    if (hash !== start.hash) return { seq, reason: `row ${seq} does not match the anchor (its hash differs: the table was rewritten)` };
    // The anchor vouches for the stored hash, so a mismatch can only be an edit.
    return intact ? undefined : { seq, reason: `row ${seq} was changed` };
  }
  if (continues(row, last)) return undefined;
  if (seq !== last.seq + 1) return missingRows(last.seq, seq);
  return { link: intact ? "broken" : "content", row: { seq, prevHash, hash } };
}

function notABreak(row: CheckedLink): never {
  throw new Error(`the check of row ${row.seq} disagrees with itself`);
}

async function diagnose(db: Db, failure: Failure, last: ChainLink | null): Promise<BrokenLink> {
  if (!("link" in failure)) return failure;
  return failure.link === "broken" ? diagnoseBrokenLink(db, failure.row, last?.seq ?? 0) : diagnoseBrokenContent(db, failure.row);
}

/** Threads running chain-hash.ts, given batches in turn; with none, batches are checked on this thread. */
class HashingThreads {
  private readonly threads: Worker[];
  private readonly waiting = new Map<number, { resolve: (check: BatchCheck) => void; reject: (error: Error) => void }>();
  private sent = 0;
  private failure: Error | undefined;

  constructor(count: number) {
    this.threads = Array.from({ length: count }, () => {
      // Written out in the call: bundlers recognise this form and emit the worker's own entry.
      const thread = new Worker(new URL("./chain-hash.ts", import.meta.url), { workerData: CHAIN_WORKER });
      thread.on("message", (answer: { id: number; check?: BatchCheck; error?: string }) => {
        const waiter = this.waiting.get(answer.id);
        this.waiting.delete(answer.id);
        if (answer.check) waiter?.resolve(answer.check);
        else waiter?.reject(new Error(answer.error));
      });
      thread.on("error", (error) => this.fail(error));
      thread.on("exit", (code) => this.fail(new Error(`a hashing thread stopped (exit code ${code})`)));
      return thread;
    });
  }

  check(chunks: Chunk[]): Promise<BatchCheck> {
    const id = this.sent++;
    return new Promise((resolve, reject) => {
      if (this.threads.length === 0) return resolve(checkBatch(chunks));
      if (this.failure) return reject(this.failure);
      this.waiting.set(id, { resolve, reject });
      this.threads[id % this.threads.length]!.postMessage({ id, chunks });
    });
  }

  close(): void {
    for (const thread of this.threads) {
      thread.removeAllListeners("exit");
      void thread.terminate();
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
  }
}

interface ReadAheadOptions {
  afterSeq: number;
  /** The last seq when the verification started. */
  head: number;
  size: number;
  chunkSize: number;
  depth: number;
}

/**
 * The rows after `afterSeq` in order, a checked batch per next(), null at the end. Ranges of seq
 * up to the head seen at the start are read `depth` at a time; a range may come back short (rows
 * missing: the check names them). Past that head, batches by LIMIT until none is left, so rows
 * appended meanwhile are checked too.
 */
function readAhead(db: Db, threads: HashingThreads, { afterSeq, head, size, chunkSize, depth }: ReadAheadOptions) {
  let nextFrom = afterSeq;
  const inFlight: Promise<BatchCheck>[] = [];
  let tail = false;
  let lastSeq = afterSeq;
  const fill = () => {
    while (inFlight.length < depth && nextFrom < head) {
      const from = nextFrom;
      nextFrom = Math.min(head, from + size);
      const pending = readRange(db, from, nextFrom, chunkSize).then((read) => checkChunks(db, threads, read));
      pending.catch(() => {}); // awaited in turn; a batch no longer wanted must not be an unhandled rejection
      inFlight.push(pending);
    }
  };
  return {
    async next(): Promise<BatchCheck | null> {
      if (!tail) {
        fill();
        const pending = inFlight.shift();
        if (pending) {
          const batch = await pending;
          // An empty range (a hole of a whole batch) is skipped; the next row shows the gap.
          if (batch.rows === 0) return this.next();
          lastSeq = batch.lastSeq;
          return batch;
        }
        tail = true;
        lastSeq = Math.max(lastSeq, nextFrom);
      }
      const batch = await checkChunks(db, threads, await readBatch(db, lastSeq, size));
      if (batch.rows === 0) return null;
      lastSeq = batch.lastSeq;
      return batch;
    },
    stop() {
      inFlight.length = 0;
    },
  };
}

export async function readHead(db: Db): Promise<number> {
  const [row] = await db.$queryRaw<{ seq: bigint | null }[]>`SELECT max(seq) AS seq FROM "AuditEvent"`;
  return Number(row?.seq ?? 0);
}

// A stored row as a record (see Chunk in chain-hash.ts): its fields as plain text, FIELD between
// them (and between records), an optional field "=" and its value or empty for null. The time goes as epoch
// milliseconds: date_part's float8 is exact to far less than a millisecond at these magnitudes,
// and the column holds whole milliseconds, so the cast's rounding lands on them.
const F = Prisma.raw(`E'\\x${FIELD.charCodeAt(0).toString(16)}'`);
const RECORD_OF_ROW = Prisma.sql`seq::text || ${F} || (date_part('epoch', at) * 1000)::int8::text
  || ${F} || coalesce('=' || "actorId", '') || ${F} || action || ${F} || "targetType"
  || ${F} || coalesce('=' || "targetId", '') || ${F} || coalesce('=' || "requestId", '') || ${F} || result
  || ${F} || data::text || ${F} || "prevHash" || ${F} || hash`;
const CHUNK = Prisma.sql`count(*)::int AS count, string_agg(${RECORD_OF_ROW}, ${F}) AS records`;

interface ChunkRow {
  count: number;
  records: string | null;
}

/** Chunks as read, and the seq each one starts after (to send one again as events). */
export interface ReadChunks {
  chunks: Chunk[];
  after: number[];
}

/**
 * The rows of (afterSeq, upToSeq], in chunks of `chunkSize` rows. Measured against the
 * alternatives: one string for the whole range costs the server two to three times as much to
 * send (and strings of more than about 128 kB cost this process more to decode), while a result
 * row per event costs this process far more to receive than the records it holds.
 */
export async function readRange(db: Db, afterSeq: number, upToSeq: number, chunkSize: number): Promise<ReadChunks> {
  const rows = await db.$queryRaw<(ChunkRow & { start: number })[]>`
    SELECT start::float8 AS start, chunk.*
    FROM generate_series(${afterSeq}::bigint, ${upToSeq - 1}::bigint, ${chunkSize}::bigint) AS start,
         LATERAL (SELECT ${CHUNK} FROM (
           SELECT * FROM "AuditEvent" WHERE seq > start AND seq <= least(start + ${chunkSize}, ${upToSeq}) ORDER BY seq) AS rows) AS chunk`;
  // Put in order here: an ORDER BY would have the server sort (copy) the finished strings.
  rows.sort((a, b) => a.start - b.start);
  return { chunks: rows.map(({ count, records }) => ({ count, records })), after: rows.map((row) => row.start) };
}

/** The rows after `afterSeq`, at most `limit`, as one chunk. */
async function readBatch(db: Db, afterSeq: number, limit: number): Promise<ReadChunks> {
  const [row] = await db.$queryRaw<ChunkRow[]>`
    SELECT ${CHUNK} FROM (SELECT * FROM "AuditEvent" WHERE seq > ${afterSeq} ORDER BY seq LIMIT ${limit}) AS rows`;
  return row ? { chunks: [{ count: row.count, records: row.records }], after: [afterSeq] } : { chunks: [], after: [] };
}

/**
 * The batch checked; a chunk whose records cannot be told apart (a field holds a separator: only
 * a tampered or very odd row does) is read again as JSON, with the hashes in each row, and the
 * batch checked again.
 */
async function checkChunks(db: Db, threads: HashingThreads, read: ReadChunks): Promise<BatchCheck> {
  for (;;) {
    const check = await threads.check(read.chunks);
    if (check.unreadable === undefined) return check;
    const chunk = read.chunks[check.unreadable]!;
    const count = "count" in chunk ? chunk.count : 0;
    const [again] = await db.$queryRaw<{ events: string | null }[]>`
      SELECT '[' || string_agg(json_build_array(${EVENT}, "prevHash", hash)::text, ',') || ']' AS events
      FROM (SELECT * FROM "AuditEvent" WHERE seq > ${read.after[check.unreadable]!} ORDER BY seq LIMIT ${count}) AS rows`;
    read.chunks[check.unreadable] = { events: again?.events ?? "[]" };
  }
}

// A stored row as JSON text (a StoredRow of chain-hash.ts), without its hashes.
const EVENT = Prisma.sql`seq, floor(extract(epoch FROM at) * 1000)::bigint, "actorId", action, "targetType", "targetId", "requestId", result, data`;
