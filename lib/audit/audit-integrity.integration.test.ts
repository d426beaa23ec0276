// The audit trail against real PostgreSQL: append-only for every role, fail-closed for the
// business change it records, and every kind of tampering named at its first broken link.
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations, pgliteMigrationAdapter } from "@/lib/db/migrate";
import { TEST_SERVER_URL } from "@/lib/testing/test-database";
import { AppError } from "@/lib/errors";
import { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { createRequest } from "@/lib/requests/create-request";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { readChainHead } from "./anchor-jobs";
import { chainHash, FIELD } from "./chain-hash";
import { auditedTransaction, recordAuditEvent } from "./record-audit-event";
import { verifyChain, type ChainVerification, type VerifyChainOptions } from "./verify-chain";

let h: Harness;
let databaseName: string;
// Roles belong to the server, not to the test's database: dropped once the database is gone.
const appRole = `frontdesk_app_${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  h = await createHarness({ withMoto: false });
  const [row] = await h.db.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
  databaseName = row!.name;
});
afterAll(async () => {
  await h.close();
  const admin = new pg.Client({ connectionString: `${TEST_SERVER_URL}/postgres` });
  await admin.connect();
  await admin.query(`DROP ROLE IF EXISTS "${appRole}"`);
  await admin.end();
});

const APPEND_ONLY = /audit events are append-only/;

async function record(db: PrismaClient, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const data = { n: i, ratio: 0.25, approved: i % 2 === 0, ticket: null, note: `Zoë said "ok"\n🚀 #${i}` };
    await db.$transaction((tx) =>
      recordAuditEvent(tx, { actorId: `u${i % 3}`, action: "request.created", targetType: "request", targetId: `r${i}`, requestId: `r${i}`, data }, h.now()),
    );
  }
}

/** As the superuser, with the append-only triggers switched off for this transaction only. */
function bypassingTriggers(work: (tx: Prisma.TransactionClient) => Promise<unknown>): Promise<unknown> {
  return h.db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SET LOCAL session_replication_role = replica");
    await work(tx);
  });
}

const tamper = (...statements: string[]) =>
  bypassingTriggers(async (tx) => {
    for (const sql of statements) await tx.$executeRawUnsafe(sql);
  });

/**
 * Verifies in one batch, in batches of three, and in batches of four sent two rows a chunk and
 * hashed on two threads in turn, so every break also lands on a batch edge, a chunk edge and
 * either thread.
 */
async function verify(options: VerifyChainOptions = {}): Promise<ChainVerification> {
  const whole = await verifyChain(h.db, options);
  expect(await verifyChain(h.db, { ...options, batchSize: 3 })).toEqual(whole);
  expect(await verifyChain(h.db, { ...options, batchSize: 4, chunkSize: 2, workers: 2 })).toEqual(whole);
  return whole;
}

async function hashAt(seq: number): Promise<string> {
  return (await h.db.auditEvent.findUniqueOrThrow({ where: { seq } })).hash;
}

describe("append-only", () => {
  it("refuses UPDATE, DELETE and TRUNCATE on the app's own connection, though it owns the table", async () => {
    await record(h.db, 3);
    await expect(h.db.$executeRaw`UPDATE "AuditEvent" SET action = 'nothing.happened' WHERE seq = 2`).rejects.toThrow(APPEND_ONLY);
    await expect(h.db.$executeRaw`DELETE FROM "AuditEvent" WHERE seq = 3`).rejects.toThrow(APPEND_ONLY);
    await expect(h.db.$executeRaw`TRUNCATE "AuditEvent"`).rejects.toThrow(APPEND_ONLY);
    await expect(h.db.auditEvent.deleteMany()).rejects.toThrow(APPEND_ONLY);
    expect(await verify()).toMatchObject({ ok: true, checked: 3 });
  });

  it("assigns the next position itself, gapless across rollbacks, and refuses a row that forks the chain", async () => {
    const head = await readChainHead(h.db);
    const assigned = await h.db
      .$transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO "AuditEvent" (seq, action, "targetType", "prevHash", hash) VALUES (1, 'forged', 'x', ${head.hash}, 'x')`;
        const [row] = await tx.$queryRaw<{ seq: bigint }[]>`SELECT max(seq) AS seq FROM "AuditEvent"`;
        throw Object.assign(new Error("roll back"), { seq: Number(row!.seq) });
      })
      .catch((error: { seq: number }) => error.seq);
    expect(assigned).toBe(head.seq + 1);

    await expect(
      h.db.$executeRaw`INSERT INTO "AuditEvent" (action, "targetType", "prevHash", hash) VALUES ('forged', 'x', ${"0".repeat(64)}, 'x')`,
    ).rejects.toThrow(`its previous hash must be the hash of row ${head.seq}`);
    await record(h.db, 1);
    expect(await verify()).toMatchObject({ ok: true, checked: head.seq + 1, headSeq: head.seq + 1 });
  });

  describe("for a separate, non-owner application role", () => {
    const role = appRole;
    let app: PrismaClient;

    beforeAll(async () => {
      await h.db.$executeRawUnsafe(`CREATE ROLE "${role}" LOGIN`);
      await h.db.$executeRawUnsafe(`GRANT SELECT, INSERT ON "AuditEvent" TO "${role}"`);
      await h.db.$executeRawUnsafe(`GRANT USAGE ON SEQUENCE "AuditEvent_seq_seq" TO "${role}"`);
      const url = new URL(`${TEST_SERVER_URL}/${databaseName}`);
      url.username = role;
      app = new PrismaClient({ adapter: new PrismaPg({ connectionString: url.toString(), max: 1 }) });
    });
    afterAll(() => app.$disconnect());

    it("can append through recordAuditEvent and nothing else", async () => {
      const before = await readChainHead(app);
      await record(app, 2);
      expect((await readChainHead(app)).seq).toBe(before.seq + 2);

      const denied = /permission denied for table AuditEvent/;
      await expect(app.$executeRaw`UPDATE "AuditEvent" SET action = 'x'`).rejects.toThrow(denied);
      await expect(app.$executeRaw`DELETE FROM "AuditEvent"`).rejects.toThrow(denied);
      await expect(app.$executeRaw`TRUNCATE "AuditEvent"`).rejects.toThrow(denied);
      await expect(app.$executeRaw`ALTER TABLE "AuditEvent" DISABLE TRIGGER ALL`).rejects.toThrow(/must be owner/);
      await expect(app.$executeRaw`SET session_replication_role = replica`).rejects.toThrow(/permission denied/);
    });

    it("is still stopped by the trigger when someone grants it UPDATE, DELETE and TRUNCATE", async () => {
      await h.db.$executeRawUnsafe(`GRANT UPDATE, DELETE, TRUNCATE ON "AuditEvent" TO "${role}"`);
      await expect(app.$executeRaw`UPDATE "AuditEvent" SET action = 'x' WHERE seq = 1`).rejects.toThrow(APPEND_ONLY);
      await expect(app.$executeRaw`DELETE FROM "AuditEvent" WHERE seq = 1`).rejects.toThrow(APPEND_ONLY);
      await expect(app.$executeRaw`TRUNCATE "AuditEvent"`).rejects.toThrow(APPEND_ONLY);
      expect((await verifyChain(app)).ok).toBe(true);
    });
  });
});

describe("fail-closed", () => {
  it("rolls the business change back when its audit row cannot be written", async () => {
    const alice = await h.person("alice", ["engineering"]);
    const input = { roleId: "dev", justification: "Debug deploys for INC-42", durationMinutes: 60 };
    const head = await readChainHead(h.db);
    await h.db.$executeRawUnsafe(`ALTER TABLE "AuditEvent" ADD CONSTRAINT "test_refuse_created" CHECK (action <> 'request.created') NOT VALID`);
    try {
      const failure = await createRequest(h, { actor: alice, input }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(Error);
      expect(failure).not.toBeInstanceOf(AppError);
      expect(String(failure)).toContain("test_refuse_created");
      expect(await h.db.accessRequest.count()).toBe(0);
      expect(await h.db.job.count()).toBe(0);
      expect(await readChainHead(h.db)).toEqual(head);
    } finally {
      await h.db.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DROP CONSTRAINT "test_refuse_created"`);
    }

    const request = await createRequest(h, { actor: alice, input });
    // The failed attempt left no hole in the sequence.
    const created = await h.db.auditEvent.findFirstOrThrow({ where: { requestId: request.id } });
    expect(Number(created.seq)).toBe(head.seq + 1);
    expect(await verify()).toMatchObject({ ok: true, headSeq: head.seq + 1 });
  });
});

describe("the chain lock, taken just before commit", () => {
  const event = (n: number) => ({ actorId: "u1", action: "request.created", targetType: "request", targetId: `lock-${n}`, requestId: `lock-${n}` });

  it("lets a second writer commit while the first is still working after recording its events", async () => {
    const head = await readChainHead(h.db);
    let finish!: () => void;
    const working = new Promise<void>((resolve) => (finish = resolve));
    let recorded!: () => void;
    const hasRecorded = new Promise<void>((resolve) => (recorded = resolve));
    const first = auditedTransaction(h.db, async (tx) => {
      await recordAuditEvent(tx, event(1), h.now());
      await recordAuditEvent(tx, event(2), h.now());
      recorded();
      // Still inside its transaction: with the lock taken at the first event, the second writer would wait here.
      await working;
    });
    await hasRecorded;
    await auditedTransaction(h.db, (tx) => recordAuditEvent(tx, event(3), h.now()));
    expect((await readChainHead(h.db)).seq).toBe(head.seq + 1);
    finish();
    await first;
    const rows = await h.db.auditEvent.findMany({ where: { seq: { gt: head.seq } }, orderBy: { seq: "asc" } });
    // Chained in commit order, the first transaction's two events together and in the order recorded.
    expect(rows.map((row) => row.targetId)).toEqual(["lock-3", "lock-1", "lock-2"]);
    expect(await verify()).toMatchObject({ ok: true, headSeq: head.seq + 3 });
  });

  it("appends nothing when the transaction rolls back after recording", async () => {
    const head = await readChainHead(h.db);
    const failure = await auditedTransaction(h.db, async (tx) => {
      await recordAuditEvent(tx, event(4), h.now());
      throw new Error("the change failed");
    }).catch((error: unknown) => error);
    expect(String(failure)).toContain("the change failed");
    expect(await readChainHead(h.db)).toEqual(head);
  });

  it("has the database hash exactly what chainHash hashes, and store the fields as recorded", async () => {
    const head = await readChainHead(h.db);
    // One to four UTF-8 bytes per character, JSON escapes, a line separator and a control character.
    const at = new Date(Date.UTC(2026, 11, 6, 23, 59, 59, 7));
    const recorded = [
      {
        actorId: "ü",
        action: "x.one",
        targetType: "t",
        targetId: '中文 "q" \\ \u2028',
        requestId: null,
        result: "ok",
        data: { emoji: "🚀", ctl: "\u0001", n: 1.5, no: false, none: null },
      },
      { actorId: null, action: "x.two", targetType: "t", targetId: null, requestId: "r\u00e9", result: "refused", data: {} },
    ];
    await auditedTransaction(h.db, async (tx) => {
      for (const event of recorded) await recordAuditEvent(tx, event as Parameters<typeof recordAuditEvent>[1], at);
    });
    const rows = await h.db.auditEvent.findMany({ where: { seq: { gt: head.seq } }, orderBy: { seq: "asc" } });
    expect(rows).toHaveLength(2);
    let prevHash = head.hash;
    rows.forEach((row, i) => {
      expect(pick(row)).toEqual({ at, ...recorded[i] });
      expect(row.prevHash).toBe(prevHash);
      expect(row.hash).toBe(chainHash(prevHash, { at, ...recorded[i]! }));
      prevHash = row.hash;
    });
    expect(await verify()).toMatchObject({ ok: true, headSeq: head.seq + 2 });
  });

  it("keeps the chain whole when many audited transactions commit at once", async () => {
    const head = await readChainHead(h.db);
    await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        auditedTransaction(h.db, async (tx) => {
          await recordAuditEvent(tx, event(100 + n), h.now());
          if (n % 2) await recordAuditEvent(tx, event(200 + n), h.now());
        }),
      ),
    );
    expect(await verify()).toMatchObject({ ok: true, headSeq: head.seq + 60, checked: head.seq + 60 });
  });
});

describe("tamper detection", () => {
  beforeEach(async () => {
    await tamper(`TRUNCATE "AuditEvent"`);
    await record(h.db, 10);
  });

  it("passes an untouched chain", async () => {
    expect(await verify()).toEqual({ ok: true, checked: 10, headSeq: 10, headHash: await hashAt(10) });
  });

  it("names an edited row", async () => {
    await tamper(`UPDATE "AuditEvent" SET data = '{"n": 99}' WHERE seq = 4`);
    expect(await verify()).toEqual({ ok: false, checked: 3, headSeq: 3, headHash: await hashAt(3), firstBroken: { seq: 4, reason: "row 4 was changed" } });
  });

  it("names the link after an edited row whose hash was recomputed", async () => {
    const row = await h.db.auditEvent.findUniqueOrThrow({ where: { seq: 4 } });
    const edited = { ...pick(row), action: "request.denied" };
    await bypassingTriggers((tx) => tx.$executeRaw`UPDATE "AuditEvent" SET action = ${edited.action}, hash = ${chainHash(row.prevHash, edited)} WHERE seq = 4`);
    expect((await verify()).firstBroken).toEqual({ seq: 5, reason: "row 5 does not follow row 4 (previous hash mismatch)" });
  });

  it("names a deleted row, a deleted range and a deleted start", async () => {
    await tamper(`DELETE FROM "AuditEvent" WHERE seq = 6`);
    expect((await verify()).firstBroken).toEqual({ seq: 6, reason: "row 6 is missing (sequence jumps 5 → 7)" });
    await tamper(`DELETE FROM "AuditEvent" WHERE seq IN (1, 2)`);
    expect((await verify()).firstBroken).toEqual({ seq: 1, reason: "rows 1–2 are missing (sequence starts at 3)" });
  });

  it("names a break found on the second thread only when no earlier batch has one", async () => {
    // Batches of three on two threads: rows 1–3 and 7–9 on the first, 4–6 and 10 on the second.
    const split = { batchSize: 3, workers: 2 };
    await tamper(`UPDATE "AuditEvent" SET data = '{"n": 99}' WHERE seq = 8`);
    expect(await verifyChain(h.db, split)).toMatchObject({ ok: false, checked: 7, firstBroken: { seq: 8, reason: "row 8 was changed" } });
    await tamper(`UPDATE "AuditEvent" SET data = '{"n": 98}' WHERE seq = 5`);
    expect(await verifyChain(h.db, split)).toEqual({
      ok: false,
      checked: 4,
      headSeq: 4,
      headHash: await hashAt(4),
      firstBroken: { seq: 5, reason: "row 5 was changed" },
    });
    await tamper(`DELETE FROM "AuditEvent" WHERE seq = 2`);
    expect(await verifyChain(h.db, split)).toMatchObject({ checked: 1, firstBroken: { seq: 2, reason: "row 2 is missing (sequence jumps 1 → 3)" } });
    expect(await verifyChain(h.db, { batchSize: 2, chunkSize: 1, workers: 3 })).toMatchObject({ checked: 1, firstBroken: { seq: 2 } });
  });

  it("names a break at the first row of a batch on the second thread", async () => {
    await tamper(`DELETE FROM "AuditEvent" WHERE seq = 4`);
    expect((await verifyChain(h.db, { batchSize: 3, workers: 2 })).firstBroken).toEqual({ seq: 4, reason: "row 4 is missing (sequence jumps 3 → 5)" });
    await tamper(`UPDATE "AuditEvent" SET seq = 4 WHERE seq = 5`);
    expect((await verifyChain(h.db, { batchSize: 3, workers: 2 })).firstBroken).toEqual({
      seq: 4,
      reason: "row 4 does not follow row 3 (previous hash mismatch)",
    });
  });

  it("names reordered rows, far apart or adjacent", async () => {
    await tamper(...swap(3, 7));
    expect((await verify()).firstBroken).toEqual({ seq: 3, reason: "row 3 is out of order (it was chained after row 6)" });
    await tamper(...swap(3, 7), ...swap(8, 9));
    expect((await verify()).firstBroken).toEqual({ seq: 8, reason: "row 8 is out of order (it was chained after row 9)" });
  });

  it("names a forged row slipped into the middle, with a made-up hash or a valid one", async () => {
    const prevHash = await hashAt(5);
    const forged = {
      at: new Date("2026-03-02T09:00:00.000Z"),
      actorId: null,
      action: "request.approved",
      targetType: "request",
      targetId: null,
      requestId: null,
      result: "ok",
      data: {},
    };
    const insert = (hash: string) =>
      bypassingTriggers(async (tx) => {
        await tx.$executeRaw`UPDATE "AuditEvent" SET seq = -seq WHERE seq >= 6`;
        await tx.$executeRaw`UPDATE "AuditEvent" SET seq = 1 - seq WHERE seq < 0`;
        await tx.$executeRaw`INSERT INTO "AuditEvent" (seq, at, action, "targetType", data, "prevHash", hash)
          VALUES (6, ${forged.at}, ${forged.action}, ${forged.targetType}, '{}', ${prevHash}, ${hash})`;
      });
    await insert("f".repeat(64));
    expect((await verify()).firstBroken).toEqual({ seq: 6, reason: "row 6 was inserted without a valid hash" });

    await tamper(`TRUNCATE "AuditEvent"`);
    await record(h.db, 10);
    await insert(chainHash(await hashAt(5), forged));
    expect((await verify()).firstBroken).toEqual({ seq: 6, reason: "row 6 was inserted (row 7 was chained directly after row 5)" });
  });

  it("names a forged row appended at the end", async () => {
    const head = await hashAt(10);
    await tamper(`INSERT INTO "AuditEvent" (seq, action, "targetType", "prevHash", hash) VALUES (11, 'request.approved', 'request', '${head}', 'forged')`);
    expect((await verify()).firstBroken).toEqual({ seq: 11, reason: "row 11 was inserted without a valid hash" });
  });

  it("names rows whose hashes were cut, lengthened or rewritten in other characters", async () => {
    // One character moved from the hash to the previous hash: the two still add up to 128.
    const row = await h.db.auditEvent.findUniqueOrThrow({ where: { seq: 5 } });
    await tamper(`UPDATE "AuditEvent" SET "prevHash" = '${row.prevHash}${row.hash[0]}', hash = '${row.hash.slice(1)}' WHERE seq = 5`);
    expect((await verify()).firstBroken).toEqual({ seq: 5, reason: "row 5 was inserted without a valid hash" });
    // 64 bytes, but 32 characters.
    await tamper(`UPDATE "AuditEvent" SET hash = '${"é".repeat(32)}' WHERE seq = 3`);
    expect((await verify()).firstBroken).toEqual({ seq: 3, reason: "row 3 was inserted without a valid hash" });
  });

  it("checks rows whose fields hold the separator the rows are read with, and names them when changed", async () => {
    const odd = { actorId: `u${FIELD}1`, action: "request.created", targetType: "request", targetId: `r${FIELD.repeat(11)}`, data: { note: FIELD } };
    await h.db.$transaction((tx) => recordAuditEvent(tx, odd, h.now()));
    await record(h.db, 1);
    expect(await verify()).toEqual({ ok: true, checked: 12, headSeq: 12, headHash: await hashAt(12) });
    await tamper(`UPDATE "AuditEvent" SET "actorId" = 'u1' WHERE seq = 11`);
    expect((await verify()).firstBroken).toEqual({ seq: 11, reason: "row 11 was changed" });
  });

  it("names a first row that does not start from the genesis", async () => {
    const row = await h.db.auditEvent.findUniqueOrThrow({ where: { seq: 1 } });
    const prevHash = "1".repeat(64);
    await bypassingTriggers((tx) => tx.$executeRaw`UPDATE "AuditEvent" SET "prevHash" = ${prevHash}, hash = ${chainHash(prevHash, pick(row))} WHERE seq = 1`);
    expect((await verify()).firstBroken).toEqual({ seq: 1, reason: "row 1 does not start the chain (its previous hash is not the genesis hash)" });
  });

  it("needs an anchor to see a rewrite of the whole table, and sees it with one", async () => {
    const anchor = { seq: 8, hash: await hashAt(8) };
    expect(await verify({ fromAnchor: anchor })).toEqual({ ok: true, checked: 3, headSeq: 10, headHash: await hashAt(10) });

    await bypassingTriggers(async (tx) => {
      let prevHash = await hashAt(1);
      for (const row of await tx.auditEvent.findMany({ where: { seq: { gte: 2 } }, orderBy: { seq: "asc" } })) {
        const event = { ...pick(row), data: row.seq === 2n ? { n: 1, note: "nothing to see" } : pick(row).data };
        const hash = chainHash(prevHash, event);
        await tx.$executeRaw`UPDATE "AuditEvent" SET data = ${JSON.stringify(event.data)}::jsonb, "prevHash" = ${prevHash}, hash = ${hash} WHERE seq = ${row.seq}`;
        prevHash = hash;
      }
    });
    expect((await verify()).ok).toBe(true);
    expect((await verify({ fromAnchor: anchor })).firstBroken).toEqual({
      seq: 8,
      reason: "row 8 does not match the anchor (its hash differs: the table was rewritten)",
    });
  });

  it("names a missing anchor row (the end of the trail cut off)", async () => {
    const anchor = { seq: 8, hash: await hashAt(8) };
    await tamper(`DELETE FROM "AuditEvent" WHERE seq >= 8`);
    expect(await verify({ fromAnchor: anchor })).toEqual({
      ok: false,
      checked: 0,
      headSeq: 8,
      headHash: anchor.hash,
      firstBroken: { seq: 8, reason: "row 8 (the anchor) is missing" },
    });
  });
});

describe("the migration on embedded PGlite", { timeout: 60_000 }, () => {
  it("applies, and its triggers and chain positions work there too", async () => {
    const pglite = await PGlite.create();
    const db = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    try {
      await applyMigrations(pgliteMigrationAdapter(pglite));
      await record(db, 3);
      await db
        .$transaction(async (tx) => {
          await recordAuditEvent(tx, { actorId: null, action: "rolled.back", targetType: "x" }, h.now());
          throw new Error("roll back");
        })
        .catch(() => {});
      await record(db, 1);
      expect(await verifyChain(db)).toMatchObject({ ok: true, checked: 4, headSeq: 4 });
      const [third, fourth] = await db.auditEvent.findMany({ where: { seq: { gte: 3 } }, orderBy: { seq: "asc" } });
      expect(fourth!.hash).toBe(chainHash(third!.hash, pick(fourth!)));
      await expect(db.$executeRaw`UPDATE "AuditEvent" SET action = 'x'`).rejects.toThrow(APPEND_ONLY);
      await expect(db.$executeRaw`DELETE FROM "AuditEvent"`).rejects.toThrow(APPEND_ONLY);
      await expect(db.$executeRaw`TRUNCATE "AuditEvent"`).rejects.toThrow(APPEND_ONLY);
    } finally {
      await db.$disconnect();
      await pglite.close();
    }
  });
});

function swap(a: number, b: number): string[] {
  return [
    `UPDATE "AuditEvent" SET seq = -1 WHERE seq = ${a}`,
    `UPDATE "AuditEvent" SET seq = ${a} WHERE seq = ${b}`,
    `UPDATE "AuditEvent" SET seq = ${b} WHERE seq = -1`,
  ];
}

/** The hashed fields of a stored row, as recordAuditEvent hashed them. */
function pick(row: {
  at: Date;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  requestId: string | null;
  result: string;
  data: Prisma.JsonValue;
}) {
  const { at, actorId, action, targetType, targetId, requestId, result, data } = row;
  return { at, actorId, action, targetType, targetId, requestId, result, data };
}
