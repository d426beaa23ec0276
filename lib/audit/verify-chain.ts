// Recomputes the audit hash chain from the stored rows. The table is read in seq order in
// fixed-size ranges of seq (keyset, so memory stays flat and no cursor or long transaction is
// held). Several ranges are in flight at once, each read on its own pooled connection, so the
// database builds the next batches while this process hashes the current one. A batch is checked
// as a whole (chain-hash.ts's checkBatch: each row against the one before it), on a worker thread
// where there are cores to spare, otherwise on this thread; the batches are then joined here in
// seq order, the first row of each checked against the last of the one before, so the first
// break named is the first in the chain whichever batch or thread found it.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { diagnoseBrokenContent, diagnoseBrokenLink, missingRows, type StoredLink } from "./chain-breaks";
import { CHAIN_WORKER, checkBatch, continues, HASHES_PER_ROW, type BatchCheck, type ChainLink, type CheckedLink, type Chunk } from "./chain-hash";
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
  /** Batches in flight at once (being read or hashed); 4 unless given. */
  readAhead?: number;
  /**
   * Threads hashing batches, 0 for this thread. Unless given: this thread for a chain of one batch
   * (starting a thread takes longer than hashing it) or on fewer than four cores, otherwise one
   * per core beyond two, at most four.
   */
  workers?: number;
}

type Db = Pick<PrismaClient, "$queryRaw">;

const DEFAULT_BATCH = 10_000;
const DEFAULT_CHUNK = 250;
const DEFAULT_READ_AHEAD = 4;
// One hashing thread only moves the work (and copies every row to do it): threads pay when two
// or more can run beside PostgreSQL and this thread. Measured on two cores, hashing here beat one
// or two threads.
const CORES = availableParallelism();
const THREADS_PER_CHAIN = CORES >= 4 ? Math.min(4, CORES - 2) : 0;

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
  const size = options.batchSize ?? DEFAULT_BATCH;
  const threads = new HashingThreads(options.workers ?? (head - afterSeq > size ? THREADS_PER_CHAIN : 0));
  const batches = readAhead(db, threads, {
    afterSeq,
    head,
    size,
    chunkSize: options.chunkSize ?? DEFAULT_CHUNK,
    depth: options.readAhead ?? DEFAULT_READ_AHEAD,
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
      const pending = readRange(db, from, nextFrom, chunkSize).then((chunks) => threads.check(chunks));
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
      const batch = await threads.check(await readBatch(db, lastSeq, size));
      if (batch.rows === 0) return null;
      lastSeq = batch.lastSeq;
      return batch;
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

// A stored row as JSON text (a StoredRow of chain-hash.ts), without its hashes.
const EVENT = Prisma.sql`seq, floor(extract(epoch FROM at) * 1000)::bigint, "actorId", action, "targetType", "targetId", "requestId", result, data`;
// A chunk of rows (see Chunk). The hashes travel as plain text beside the JSON: PostgreSQL
// escapes a JSON string a character at a time, and the two hashes as JSON cost it about as much
// as all the other fields. `exact` says whether every prevHash and hash has 64 bytes, so that
// `hashes` can be cut at fixed places; the caller checks that they were 64 characters too.
const CHUNK = Prisma.sql`count(*)::int AS count,
  bool_and(octet_length("prevHash") = 64 AND octet_length(hash) = 64) AS exact,
  string_agg(json_build_array(${EVENT})::text, ',') AS events,
  string_agg("prevHash" || hash, '') AS hashes`;

interface ChunkRow {
  count: number;
  exact: boolean | null;
  events: string | null;
  hashes: string | null;
}

/**
 * The rows of (afterSeq, upToSeq], in chunks of `chunkSize` rows. Measured against the
 * alternatives: one string for the whole range costs the server two to three times as much to
 * send (and strings of more than about 128 kB cost this process more to decode), while a result
 * row per event costs this process far more to receive than the JSON it holds.
 */
async function readRange(db: Db, afterSeq: number, upToSeq: number, chunkSize: number): Promise<Chunk[]> {
  const chunks = await db.$queryRaw<(ChunkRow & { start: number })[]>`
    SELECT start::float8 AS start, chunk.*
    FROM generate_series(${afterSeq}::bigint, ${upToSeq - 1}::bigint, ${chunkSize}::bigint) AS start,
         LATERAL (SELECT ${CHUNK} FROM (
           SELECT * FROM "AuditEvent" WHERE seq > start AND seq <= least(start + ${chunkSize}, ${upToSeq}) ORDER BY seq) AS rows) AS chunk`;
  // Put in order here: an ORDER BY would have the server sort (copy) the finished strings.
  chunks.sort((a, b) => a.start - b.start);
  return Promise.all(chunks.map((chunk) => toChunk(db, chunk, chunk.start)));
}

/** The rows after `afterSeq`, at most `limit`, as one chunk. */
async function readBatch(db: Db, afterSeq: number, limit: number): Promise<Chunk[]> {
  const [chunk] = await db.$queryRaw<ChunkRow[]>`
    SELECT ${CHUNK} FROM (SELECT * FROM "AuditEvent" WHERE seq > ${afterSeq} ORDER BY seq LIMIT ${limit}) AS rows`;
  return chunk ? [await toChunk(db, chunk, afterSeq)] : [];
}

/**
 * The chunk as read, or, where its hashes cannot be cut at fixed places (some are not 64 ASCII
 * characters: only a tampered row's are not), its rows read again with their hashes in the JSON.
 */
async function toChunk(db: Db, { count, exact, events, hashes }: ChunkRow, afterSeq: number): Promise<Chunk> {
  if (count === 0 || !events) return { events: "", hashes: null };
  if (exact && hashes?.length === count * HASHES_PER_ROW) return { events, hashes };
  const [again] = await db.$queryRaw<{ events: string }[]>`
    SELECT string_agg(json_build_array(${EVENT}, "prevHash", hash)::text, ',') AS events
    FROM (SELECT * FROM "AuditEvent" WHERE seq > ${afterSeq} ORDER BY seq LIMIT ${count}) AS rows`;
  return { events: again?.events ?? "", hashes: null };
}
