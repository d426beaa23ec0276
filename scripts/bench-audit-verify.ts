// `npm run bench:audit-verify [-- --events N] [-- --keep]`: fills a fresh database on the local
// PostgreSQL server with a valid chain of N audit events (1,000,000 by default), then runs
// `audit:verify` against it in a process of its own, so the rate and peak RSS it prints are the
// verifier's alone and not the filler's.
import { spawn } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import pg from "pg";
import { chainHash } from "@/lib/audit/chain-hash";
import { GENESIS_HASH } from "@/lib/audit/record-audit-event";
import { createTestDatabase } from "@/lib/testing/test-database";

const BATCH = 10_000;
const ACTIONS = ["request.created", "request.approved", "request.activated", "access.console", "access.credentials", "request.ended"];

async function fill(url: string, total: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let prevHash = GENESIS_HASH;
    const start = Date.UTC(2026, 0, 1);
    for (let done = 0; done < total; done += BATCH) {
      const columns: string[][] = [[], [], [], [], [], [], []];
      for (let i = done; i < Math.min(done + BATCH, total); i++) {
        const requestId = `req_${Math.floor(i / 6).toString(36)}`;
        const event = {
          at: new Date(start + i * 1000),
          actorId: `user_${i % 997}`,
          action: ACTIONS[i % ACTIONS.length]!,
          targetType: "request",
          targetId: requestId,
          requestId,
          result: "ok",
          data: { roleId: "dev", accountId: "123456789012", durationSeconds: 3600, comment: i % 3 === 0 ? "looks fine" : null },
        };
        const hash = chainHash(prevHash, event);
        const values = [event.at.toISOString(), event.actorId, event.action, requestId, JSON.stringify(event.data), prevHash, hash];
        values.forEach((value, column) => columns[column]!.push(value));
        prevHash = hash;
      }
      // One statement per batch; the insert trigger assigns seq and checks every link as it goes.
      await client.query(
        `INSERT INTO "AuditEvent" (at, "actorId", action, "targetType", "targetId", "requestId", result, data, "prevHash", hash)
         SELECT a::timestamp(3), actor, act, 'request', req, req, 'ok', d::jsonb, p, h
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t(a, actor, act, req, d, p, h)`,
        columns,
      );
      process.stdout.write(`\rfilled ${Math.min(done + BATCH, total).toLocaleString("en-US")} / ${total.toLocaleString("en-US")}`);
    }
    process.stdout.write("\n");
    await client.query(`VACUUM ANALYZE "AuditEvent"`);
  } finally {
    await client.end();
  }
}

function runVerifier(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join("scripts", "audit-verify.ts"), "--database-url", url], {
      stdio: "inherit",
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { events: { type: "string", default: "1000000" }, keep: { type: "boolean", default: false } } });
  const total = Number(values.events);
  if (!Number.isSafeInteger(total) || total < 1) throw new Error("--events must be a positive whole number");

  const database = await createTestDatabase();
  try {
    const started = performance.now();
    await fill(database.url, total);
    console.log(`Filled ${total.toLocaleString("en-US")} events in ${((performance.now() - started) / 1000).toFixed(1)} s. Verifying:`);
    const code = await runVerifier(database.url);
    if (code !== 0) throw new Error(`audit:verify exited with ${code}`);
    if (values.keep) console.log(`Kept the database: ${database.url}`);
  } finally {
    if (!values.keep) await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(`bench:audit-verify failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
