// Realistic data for the benchmark, written straight into PostgreSQL: people with API tokens,
// 100k requests (decided ones with their review, some pending), and a 1M-event audit chain whose
// hashes are computed exactly as Frontdesk computes them (so verification has real work to do).
import { createHash } from "node:crypto";
import pg from "pg";
import { chainHash } from "@/lib/audit/chain-hash";
import { GENESIS_HASH } from "@/lib/audit/record-audit-event";

export const RULE_ID = "bench-dev";
export const tokenOf = (userId: string) => `fd_at_benchmark-token-${userId}`;

export interface SeedSizes {
  requesters: number;
  approvers: number;
  requests: number;
  pending: number;
  events: number;
}

export async function seed(url: string, sizes: SeedSizes, log: (line: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Prisma stores UTC in timestamp columns without a zone.
  await client.query("SET TIME ZONE 'UTC'");
  try {
    const people = (prefix: string, n: number, group: string) =>
      client.query(`INSERT INTO "User" (id, issuer, subject, email, name, groups)
        SELECT '${prefix}' || g, 'https://bench.idp', '${prefix}' || g, '${prefix}' || g || '@example.com', '${prefix} ' || g, ARRAY['${group}']
        FROM generate_series(1, ${n}) g`);
    await people("req", sizes.requesters, "engineering");
    await people("apr", sizes.approvers, "security");
    await client.query(`INSERT INTO "ApiToken" (id, "userId", "deviceName", "accessHash", "refreshHash", "accessExpiresAt", "refreshExpiresAt", "signedInAt", "authTime", mfa, "sessionVersion")
      SELECT 'tok-' || id, id, 'bench', encode(sha256(convert_to('fd_at_benchmark-token-' || id, 'UTF8')), 'hex'), encode(sha256(convert_to('fd_rt_bench_' || id, 'UTF8')), 'hex'),
             now() + interval '2 hours', now() + interval '8 hours', now(), now(), true, 0 FROM "User"`);
    log(`seeded ${sizes.requesters + sizes.approvers} people with API tokens`);

    // Old requests belong to the first requesters, so the ones the load uses have none open.
    const decided = sizes.requests - sizes.pending;
    await client.query(`INSERT INTO "AccessRequest" (id, "requesterId", "accountId", "roleId", "ruleId", justification, "durationSeconds", status, "createdAt", "decidedAt", "startsAt", "endsAt")
      SELECT 'old-' || g, 'req' || (1 + g % 2000), '123456789012', 'dev', '${RULE_ID}', 'Investigating incident INC-' || g, 3600, 'ENDED',
             now() - (g || ' minutes')::interval - interval '1 day', now() - (g || ' minutes')::interval - interval '23 hours',
             now() - (g || ' minutes')::interval - interval '23 hours', now() - (g || ' minutes')::interval - interval '22 hours'
      FROM generate_series(1, ${decided}) g`);
    await client.query(`INSERT INTO "Review" (id, "requestId", "reviewerId", decision, "createdAt")
      SELECT 'rev-' || g, 'old-' || g, 'apr' || (1 + g % ${sizes.approvers}), 'APPROVE', now() - interval '23 hours' FROM generate_series(1, ${decided}) g`);
    await client.query(`INSERT INTO "AccessRequest" (id, "requesterId", "accountId", "roleId", "ruleId", justification, "durationSeconds", status, "createdAt")
      SELECT 'pend-' || g, 'req' || (2001 + g), '123456789012', 'dev', '${RULE_ID}', 'Waiting: deploy check ' || g, 3600, 'PENDING', now() - (g || ' seconds')::interval
      FROM generate_series(1, ${sizes.pending}) g`);
    log(`seeded ${sizes.requests} requests (${sizes.pending} pending) and ${decided} reviews`);

    await seedChain(client, sizes.events, log);
    // As autovacuum leaves a table written over time (PostgreSQL vacuums after inserts too): without
    // it the first read of each freshly loaded row pays for setting its hint bits, which cut the
    // first verification from about 300k to 257k events/s, a cost a live database paid long ago.
    await client.query("VACUUM (ANALYZE)");
  } finally {
    await client.end();
  }
}

/** The chain, in batches of unnest()ed arrays; the per-row trigger is skipped (superuser) as a restore would. */
async function seedChain(client: pg.Client, total: number, log: (line: string) => void): Promise<void> {
  let prevHash = GENESIS_HASH;
  const batch = 20_000;
  const base = Date.now() - total * 1000;
  await client.query("SET session_replication_role = replica");
  for (let start = 0; start < total; start += batch) {
    const cols: unknown[][] = Array.from({ length: 10 }, () => []);
    for (let i = start; i < Math.min(total, start + batch); i++) {
      const event = {
        at: new Date(base + i * 1000),
        actorId: `req${1 + (i % 2000)}`,
        action: i % 3 === 0 ? "request.created" : i % 3 === 1 ? "request.approved" : "access.console-link-issued",
        targetType: "request",
        targetId: `old-${1 + (i % 98_000)}`,
        requestId: `old-${1 + (i % 98_000)}`,
        result: "ok",
        data: { roleId: "dev", accountId: "123456789012", n: i, ticket: null },
      };
      const hash = chainHash(prevHash, event);
      const row = [
        i + 1,
        event.at.toISOString(),
        event.actorId,
        event.action,
        event.targetType,
        event.targetId,
        event.requestId,
        JSON.stringify(event.data),
        prevHash,
        hash,
      ];
      row.forEach((value, c) => cols[c]!.push(value));
      prevHash = hash;
    }
    await client.query(
      `INSERT INTO "AuditEvent" (seq, at, "actorId", action, "targetType", "targetId", "requestId", data, "prevHash", hash)
       SELECT * FROM unnest($1::bigint[], $2::timestamp[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::text[], $10::text[])`,
      cols,
    );
  }
  await client.query("SET session_replication_role = DEFAULT");
  log(`seeded an audit chain of ${total} events (head ${createHash("sha256").update(prevHash).digest("hex").slice(0, 8)})`);
}
