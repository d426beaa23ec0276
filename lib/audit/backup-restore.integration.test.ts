// The README's backup and restore procedure, run for real: pg_dump, pg_restore into an empty
// database (the append-only triggers do not stand in the way), then verification from the last
// anchor proves the audit trail came back complete and unchanged.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_SERVER_URL } from "@/lib/testing/test-database";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { readChainHead } from "./anchor-jobs";
import { recordAuditEvent } from "./record-audit-event";
import { verifyChain } from "./verify-chain";

const run = promisify(execFile);
const BIN = "/usr/lib/postgresql/15/bin";
let h: Harness;
let dir: string;
const restoredName = `frontdesk_restore_${Date.now()}`;
const restoredUrl = `${TEST_SERVER_URL}/${restoredName}`;

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: `${TEST_SERVER_URL}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  h = await createHarness({ withMoto: false });
  dir = await mkdtemp(path.join(tmpdir(), "frontdesk-backup-"));
});
afterAll(async () => {
  await admin(`DROP DATABASE IF EXISTS "${restoredName}" WITH (FORCE)`);
  await rm(dir, { recursive: true, force: true });
  await h.close();
});

describe("backup and restore", () => {
  it("restores with pg_restore and verifies from the last anchor; events after the backup are the only ones missing", async () => {
    const actor = await h.person("auditor", ["security"]);
    const event = (n: number) =>
      h.db.$transaction((tx) => recordAuditEvent(tx, { actorId: actor.id, action: "test.event", targetType: "test", data: { n } }, h.now()));
    for (let n = 0; n < 20; n++) await event(n);
    const anchor = await readChainHead(h.db);
    for (let n = 20; n < 25; n++) await event(n);
    const headAtBackup = await readChainHead(h.db);

    const file = path.join(dir, "frontdesk.dump");
    await run(`${BIN}/pg_dump`, ["--format=custom", `--file=${file}`, h.databaseUrl]);
    // After the backup: lost by a restore, and the verification's head shows where it ends.
    await event(99);
    const afterBackup = await readChainHead(h.db);

    await admin(`CREATE DATABASE "${restoredName}"`);
    await run(`${BIN}/pg_restore`, ["--no-owner", `--dbname=${restoredUrl}`, file]);
    const restored = new PrismaClient({ adapter: new PrismaPg({ connectionString: restoredUrl, max: 2 }) });
    try {
      const result = await verifyChain(restored, { fromAnchor: anchor });
      expect(result).toMatchObject({ ok: true, headSeq: headAtBackup.seq, headHash: headAtBackup.hash });
      // Still append-only after the restore.
      await expect(restored.$executeRawUnsafe(`DELETE FROM "AuditEvent"`)).rejects.toThrow();
      // An anchor published after the backup names what the restore lost.
      const later = await verifyChain(restored, { fromAnchor: afterBackup });
      expect(later.ok).toBe(false);
      expect(later.firstBroken?.seq).toBe(afterBackup.seq);
    } finally {
      await restored.$disconnect();
    }
  });
});
