// The floors under the bench's verify figure, each with its CPU per million rows: PostgreSQL
// producing the rows verification reads (the same statements, batches and read-ahead), received
// by this process and dropped, nothing hashed; and the hashing alone, each batch read first and
// then checked (checkBatch) with nothing else running. A whole verification is measured the same
// way beside them. Verification receives and hashes on one thread (below four cores), so it
// cannot beat that thread's share of the two floors, nor the floors' CPU spread over the cores.
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { checkBatch } from "@/lib/audit/chain-hash";
import { CHAIN_READING, readHead, readRange, verifyChain, type ReadChunks } from "@/lib/audit/verify-chain";
import { createPostgresClient } from "@/lib/db/client";
import { cpuPerOperation, readCpu } from "./cpu";

export interface VerifyFloor {
  /** Rows read, events/s or rows/s, and CPU milliseconds per million rows. */
  read: { rows: number; perSecond: number; nodeMs: number; databaseMs: number };
  hash: { rows: number; perSecond: number; nodeMs: number };
  verify: { rows: number; perSecond: number; nodeMs: number; databaseMs: number; ok: boolean };
}

type Db = ReturnType<typeof createPostgresClient>;

/** `work` on a fresh client, as the bench's verify row runs. */
async function withClient<T>(url: string, work: (db: Db) => Promise<T>): Promise<T> {
  const db = createPostgresClient(url, { DATABASE_POOL_MAX: 4 });
  try {
    return await work(db);
  } finally {
    await db.$disconnect();
  }
}

/** `work` on a fresh client, with its time and CPU: this process's and the database's backends'. */
function measured<T>(url: string, database: string, work: (db: Db) => Promise<T>) {
  return withClient(url, async (db) => {
    // No process group is a server here: only the database's backends are read.
    const before = readCpu(-1, database);
    const own = process.cpuUsage();
    const started = performance.now();
    const result = await work(db);
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(own);
    const { database: databaseMs } = cpuPerOperation(before, readCpu(-1, database), 1);
    return { result, seconds, nodeMs: (used.user + used.system) / 1000, databaseMs };
  });
}

/** The chain's ranges as verifyChain reads them, `readAhead` at a time, each handed to `take` in order. */
async function eachRange(db: Db, readAhead: number, take: (read: ReadChunks) => void): Promise<void> {
  const { batchSize, chunkSize } = CHAIN_READING;
  const head = await readHead(db);
  const inFlight: Promise<ReadChunks>[] = [];
  for (let from = 0; from < head || inFlight.length > 0;) {
    while (inFlight.length < readAhead && from < head) {
      inFlight.push(readRange(db, from, Math.min(head, from + batchSize), chunkSize));
      from += batchSize;
    }
    take(await inFlight.shift()!);
  }
}

const perMillion = (ms: number, rows: number) => (rows > 0 ? (ms * 1_000_000) / rows : NaN);

export async function measureVerifyFloor(url: string, database: string): Promise<VerifyFloor> {
  const read = await measured(url, database, async (db) => {
    let rows = 0;
    await eachRange(db, CHAIN_READING.readAhead, ({ chunks }) => {
      for (const chunk of chunks) rows += "count" in chunk ? chunk.count : 0;
    });
    return rows;
  });

  // One range read at a time, and only the checks timed: nothing else runs while they do.
  const hash = { rows: 0, ms: 0, cpuMs: 0 };
  await withClient(url, (db) =>
    eachRange(db, 1, ({ chunks }) => {
      const own = process.cpuUsage();
      const started = performance.now();
      hash.rows += checkBatch(chunks).rows;
      hash.ms += performance.now() - started;
      const used = process.cpuUsage(own);
      hash.cpuMs += (used.user + used.system) / 1000;
    }),
  );

  const verify = await measured(url, database, (db) => verifyChain(db));
  const rows = verify.result.checked;
  return {
    read: {
      rows: read.result,
      perSecond: read.result / read.seconds,
      nodeMs: perMillion(read.nodeMs, read.result),
      databaseMs: perMillion(read.databaseMs, read.result),
    },
    hash: { rows: hash.rows, perSecond: (hash.rows * 1000) / hash.ms, nodeMs: perMillion(hash.cpuMs, hash.rows) },
    verify: {
      rows,
      perSecond: rows / verify.seconds,
      nodeMs: perMillion(verify.nodeMs, rows),
      databaseMs: perMillion(verify.databaseMs, rows),
      ok: verify.result.ok,
    },
  };
}

/** The bench's rows for a floor: figures, CPU seconds per million, and the bounds they set. */
export function verifyFloorRows({ read, hash, verify }: VerifyFloor, cores = availableParallelism()): string[][] {
  const k = (perSecond: number) => `${(perSecond / 1000).toFixed(0)}k`;
  const s = (ms: number) => (ms / 1000).toFixed(2);
  // Receiving and hashing share one thread; everything shares the cores.
  const oneThread = 1e9 / (read.nodeMs + hash.nodeMs);
  const allCores = (cores * 1e9) / (read.nodeMs + read.databaseMs + hash.nodeMs);
  return [
    ["verify floor: PostgreSQL reading the same rows, nothing hashed", `${k(read.perSecond)} rows/s`],
    ["verify floor: reading, CPU s per million rows, Node + PostgreSQL", `${s(read.nodeMs)} + ${s(read.databaseMs)}`],
    ["verify floor: hashing alone, rows already in memory", `${k(hash.perSecond)} events/s`],
    ["verify floor: hashing, CPU s per million events", s(hash.nodeMs)],
    [`verify (${verify.rows} events, ok=${verify.ok}): CPU s per million, Node + PostgreSQL`, `${s(verify.nodeMs)} + ${s(verify.databaseMs)}`],
    [`verify bound from the floors: one Node thread / ${cores} cores`, `${k(oneThread)} / ${k(allCores)} events/s`],
  ];
}
