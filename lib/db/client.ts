// The process-wide Prisma client: PostgreSQL when DATABASE_URL is set, otherwise an embedded
// PGlite database in FRONTDESK_DATA_DIR that migrates itself on first use.
import { createHash } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { countStatement } from "@/lib/ops/server-timing";
import { acquireEmbeddedLock } from "./embedded-lock";
import { getDatabaseConfig, type DatabaseConfig } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";

export type Db = PrismaClient;

interface Connection {
  db: PrismaClient;
  close(): Promise<void>;
}

// On globalThis so Next dev hot reload reuses the connection (and PGlite's data dir, which only
// one instance may open) instead of opening another per reload.
const store = globalThis as typeof globalThis & { __frontdeskDb?: Promise<Connection> };

/**
 * The shared client. `config` (default: the environment) only matters on the first call, or the
 * first after `disconnectDb()`. Concurrent first calls share one initialisation; a failed one is
 * forgotten so the next call retries.
 */
export async function getDb(config?: ConnectConfig): Promise<Db> {
  if (!store.__frontdeskDb) {
    const pending = connect(config ?? getDatabaseConfig());
    store.__frontdeskDb = pending;
    pending.catch(() => {
      if (store.__frontdeskDb === pending) store.__frontdeskDb = undefined;
    });
  }
  return (await store.__frontdeskDb).db;
}

/** Closes the shared client (and the embedded database); the next getDb() opens a new one. */
export async function disconnectDb(): Promise<void> {
  const pending = store.__frontdeskDb;
  store.__frontdeskDb = undefined;
  const connection = await pending?.catch(() => undefined);
  await connection?.close();
}

/**
 * Opens (creating if needed) the embedded database kept in `dataDir`, holding its lock until
 * close(): a folder another process has open is refused (EmbeddedDatabaseInUseError).
 */
export async function openEmbeddedDatabase(dataDir: string): Promise<PGlite> {
  const dir = path.resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const lock = await acquireEmbeddedLock(dir);
  try {
    // Loaded lazily: deployments on PostgreSQL never load PGlite's wasm.
    const { PGlite } = await import("@electric-sql/pglite");
    const pglite = await PGlite.create({ dataDir: dir });
    const close = pglite.close.bind(pglite);
    pglite.close = async () => {
      try {
        await close();
      } finally {
        await lock.release();
      }
    };
    return pglite;
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** pg's client, counting each statement for the request that runs it (lib/ops/server-timing.ts). */
class CountingClient extends pg.Client {
  override query(...args: unknown[]): never {
    countStatement();
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}

type PoolSettings = Pick<
  DatabaseConfig,
  "DATABASE_POOL_MAX" | "DATABASE_POOL_TIMEOUT_MS" | "DATABASE_TRANSACTION_TIMEOUT_MS" | "DATABASE_PREPARED_STATEMENTS" | "FRONTDESK_SERVER_TIMING"
>;
/** Where the database is; the pool settings default as in lib/env.ts. */
export type ConnectConfig = Pick<DatabaseConfig, "DATABASE_URL" | "FRONTDESK_DATA_DIR"> & Partial<PoolSettings>;

// Beyond this many parameters a statement is most likely an IN list, whose text changes with its
// length: kept prepared, every length would stay in each connection's cache.
const MAX_PREPARED_PARAMETERS = 16;

/**
 * The name a statement is kept prepared under on each connection (pg caches it by name), or
 * undefined to run it unprepared. Not kept: IN lists (see above), and statements whose result
 * columns follow the table (resultFollowsTable), since a migration that adds a column would fail
 * their cached plan ("cached plan must not change result type") in running instances.
 */
export function preparedStatementName(query: { sql: string; args: unknown[] }): string | undefined {
  if (query.args.length > MAX_PREPARED_PARAMETERS) return undefined;
  let name = statementNames.get(query.sql);
  if (name === undefined) {
    name = resultFollowsTable(query.sql) ? null : `fd_${createHash("sha256").update(query.sql).digest("base64url").slice(0, 24)}`;
    if (statementNames.size < 5_000) statementNames.set(query.sql, name);
  }
  return name ?? undefined;
}

// Each statement's text is judged and hashed once: the same few hundred texts come back all day.
const statementNames = new Map<string, string | null>();

const ALL_COLUMNS = /(?:\bSELECT(?:\s+DISTINCT)?|\bRETURNING|,)\s*(?:"?\w+"?\.)?\*/i;

/**
 * Whether a statement's result lists every column of a table by `*`: in its own select list or
 * RETURNING clause, not inside parentheses. A `*` in a subquery (Prisma's relation joins read
 * `"t1".*` in derived tables, then pick their columns by name) does not reach the result, and
 * neither does `count(*)`; string literals and comments are not read.
 */
export function resultFollowsTable(sql: string): boolean {
  let outermost = "";
  let depth = 0;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') {
      const end = sql.indexOf(ch, i + 1);
      if (end < 0) return ALL_COLUMNS.test(sql); // unbalanced: judge the whole text
      // Identifiers stay ("t0".*); a literal's text does not.
      if (depth === 0) outermost += ch === '"' ? sql.slice(i, end + 1) : " ";
      i = end;
    } else if (ch === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      if (end < 0) return ALL_COLUMNS.test(sql);
      outermost += " ";
      i = end + 1;
    } else if (ch === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      if (end < 0) break;
      i = end - 1;
    } else if (ch === "(") {
      if (depth === 0) outermost += " ";
      depth++;
    } else if (ch === ")") {
      depth = Math.max(0, depth - 1);
    } else if (depth === 0) {
      outermost += ch;
    }
  }
  return ALL_COLUMNS.test(outermost);
}

/**
 * A client for PostgreSQL with the pool and transaction limits Frontdesk runs with (the app, and
 * the tests that must see what the app sees). A wait for a connection ends after
 * DATABASE_POOL_TIMEOUT_MS, and lib/errors.ts turns that into a 503 with Retry-After.
 */
export function createPostgresClient(url: string, settings: Partial<PoolSettings> = {}): PrismaClient {
  const { DATABASE_POOL_MAX: max = 20, DATABASE_POOL_TIMEOUT_MS: wait = 10_000, DATABASE_TRANSACTION_TIMEOUT_MS: timeout = 15_000 } = settings;
  // Statements are counted only when Server-Timing is on: otherwise pg's own client, untouched.
  const counting = settings.FRONTDESK_SERVER_TIMING === "true" ? { Client: CountingClient } : {};
  // The adapter hands the name to pg's client.query({ name }), where undefined means unprepared;
  // its type asks for a string only because it never expected a generator to decline.
  const prepared =
    settings.DATABASE_PREPARED_STATEMENTS !== "false"
      ? { statementNameGenerator: preparedStatementName as (query: { sql: string; args: unknown[] }) => string }
      : {};
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max, connectionTimeoutMillis: wait, ...counting } as pg.PoolConfig, prepared),
    transactionOptions: { maxWait: wait, timeout },
  });
}

async function connect(config: ConnectConfig): Promise<Connection> {
  if (config.DATABASE_URL) {
    const db = createPostgresClient(config.DATABASE_URL, config);
    return { db, close: () => db.$disconnect() };
  }

  const pglite = await openEmbeddedDatabase(config.FRONTDESK_DATA_DIR);
  try {
    const [{ PrismaPGlite }, { applyMigrations, pgliteMigrationAdapter }] = await Promise.all([import("pglite-prisma-adapter"), import("./migrate")]);
    // The same PGlite instance for both: a second one on the same folder would corrupt it.
    await applyMigrations(pgliteMigrationAdapter(pglite));
    const db = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    return {
      db,
      close: async () => {
        await db.$disconnect();
        await pglite.close();
      },
    };
  } catch (error) {
    await pglite.close().catch(() => {});
    throw error;
  }
}
