// A fresh, migrated PostgreSQL database per test file (or e2e run), so tests running in parallel
// against the one local server never see each other's rows.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { applyMigrations } from "@/lib/db/migrate";

export const TEST_SERVER_URL = "postgresql://postgres@127.0.0.1:5432";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(serverUrl: string = TEST_SERVER_URL): Promise<TestDatabase> {
  const name = `frontdesk_test_${randomBytes(6).toString("hex")}`;
  await admin(serverUrl, `CREATE DATABASE "${name}"`);
  const url = withDatabase(serverUrl, name);
  const drop = () => admin(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  try {
    // One connection: migrations run one after another anyway, and the advisory lock the engine
    // takes is then released with that connection.
    await applyMigrations(new PrismaPg({ connectionString: url, max: 1 }));
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
  return { url, drop };
}

async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
