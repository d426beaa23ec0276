// Turns a failed chain check into words a person can act on. These run once, at the first break,
// so they can afford a look at the next row or a scan for a hash.
import type { PrismaClient } from "@/lib/generated/prisma/client";

export interface ChainLink {
  seq: number;
  hash: string;
}

export interface StoredLink extends ChainLink {
  prevHash: string;
}

type Db = Pick<PrismaClient, "$queryRaw">;

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** `after` is the last row verified intact (0 for the genesis); `found` is the next row present. */
export function missingRows(after: number, found: number): { seq: number; reason: string } {
  const first = after + 1;
  const last = found - 1;
  const rows = first === last ? `row ${first} is missing` : `rows ${first}–${last} are missing`;
  const where = after === 0 ? `sequence starts at ${found}` : `sequence jumps ${after} → ${found}`;
  return { seq: first, reason: `${rows} (${where})` };
}

/**
 * The row's own hash holds but it does not continue from the row before it. Where its previous
 * hash lives now tells a reordering (in a later row) from an insertion (in an earlier row: the
 * rows in between were slipped in) from a rewrite (nowhere: the predecessor was replaced).
 */
export async function diagnoseBrokenLink(db: Db, row: StoredLink, previousSeq: number): Promise<{ seq: number; reason: string }> {
  const origin = await seqOfHash(db, row.prevHash);
  if (origin !== null && origin > row.seq) {
    return { seq: row.seq, reason: `row ${row.seq} is out of order (it was chained after row ${origin})` };
  }
  if (origin !== null && origin < previousSeq) {
    const first = origin + 1;
    const rows = first === previousSeq ? `row ${first} was inserted` : `rows ${first}–${previousSeq} were inserted`;
    return { seq: first, reason: `${rows} (row ${row.seq} was chained directly after row ${origin})` };
  }
  if (previousSeq === 0) {
    return { seq: row.seq, reason: `row ${row.seq} does not start the chain (its previous hash is not the genesis hash)` };
  }
  return { seq: row.seq, reason: `row ${row.seq} does not follow row ${previousSeq} (previous hash mismatch)` };
}

/**
 * The row's content no longer produces its hash. If the next row chains from that hash, the hash
 * was genuine once and the content was edited; if nothing chains from it, it never belonged.
 */
export async function diagnoseBrokenContent(db: Db, row: StoredLink): Promise<{ seq: number; reason: string }> {
  const [successor] = await db.$queryRaw<{ prevHash: string }[]>`
    SELECT "prevHash" FROM "AuditEvent" WHERE seq > ${row.seq} ORDER BY seq LIMIT 1`;
  const seq = row.seq;
  if (successor?.prevHash === row.hash) return { seq, reason: `row ${seq} was changed` };
  if (successor || !SHA256_HEX.test(row.hash)) return { seq, reason: `row ${seq} was inserted without a valid hash` };
  // The newest row: nothing later vouches for its hash either way.
  return { seq, reason: `row ${seq} was changed, or inserted without a valid hash` };
}

// No index on hash: a full scan, paid once per verification and only when the chain is broken.
async function seqOfHash(db: Db, hash: string): Promise<number | null> {
  const [found] = await db.$queryRaw<{ seq: bigint }[]>`SELECT seq FROM "AuditEvent" WHERE hash = ${hash} ORDER BY seq LIMIT 1`;
  return found ? Number(found.seq) : null;
}
