import { createHash, randomBytes } from "node:crypto";
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, createMigration, MigrationNameError, pgliteMigrationAdapter, readMigrations } from "./migrate";
import { SchemaEngineError } from "./schema-engine";
import { createTestDatabase, TEST_SERVER_URL } from "@/lib/testing/test-database";

const REPO_PRISMA_DIR = path.resolve("prisma");
// Every model of the schema, and Prisma's own history table: the migrations must create exactly these.
const TABLES = [
  ...[...readFileSync(path.join(import.meta.dirname, "..", "..", "prisma", "schema.prisma"), "utf8").matchAll(/^model (\w+) \{/gm)].map((m) => m[1]!),
  "_prisma_migrations",
].sort();

let migrationNames: string[];
let tempDirs: string[] = [];

beforeAll(async () => {
  const list = await readMigrations(path.join(REPO_PRISMA_DIR, "migrations"));
  migrationNames = list.migrationDirectories.map((dir) => dir.path);
  expect(migrationNames.length).toBeGreaterThan(0);
});

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  tempDirs = [];
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "frontdesk-migrate-"));
  tempDirs.push(dir);
  return dir;
}

/** A copy of prisma/ so that nothing here can write into the real migrations folder. */
async function prismaCopy(): Promise<string> {
  const dir = path.join(await tempDir(), "prisma");
  await cp(REPO_PRISMA_DIR, dir, { recursive: true });
  return dir;
}

type Query = (sql: string) => Promise<{ rows: Record<string, unknown>[] }>;

async function tableNames(query: Query): Promise<string[]> {
  const { rows } = await query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1");
  return rows.map((row) => String(row.table_name)).sort();
}

describe("applyMigrations on PostgreSQL", () => {
  const name = `frontdesk_test_${randomBytes(6).toString("hex")}`;
  const url = `${TEST_SERVER_URL}/${name}`;
  const admin = new pg.Client({ connectionString: `${TEST_SERVER_URL}/postgres` });
  const db = new pg.Client({ connectionString: url });

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
  });

  afterAll(async () => {
    await db.end().catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  it("creates every table and records each migration like prisma migrate deploy", async () => {
    const applied = await applyMigrations(new PrismaPg({ connectionString: url }));
    expect(applied).toEqual(migrationNames);

    await db.connect();
    expect(await tableNames((sql) => db.query(sql))).toEqual(TABLES);
    const { rows } = await db.query(
      "SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name",
    );
    expect(rows.map((row) => row.migration_name)).toEqual(migrationNames);
    for (const row of rows) {
      const sql = await readFile(path.join(REPO_PRISMA_DIR, "migrations", row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("is a no-op the second time", async () => {
    expect(await applyMigrations(new PrismaPg({ connectionString: url }))).toEqual([]);
    const { rows } = await db.query("SELECT count(*)::int AS n FROM _prisma_migrations");
    expect(rows[0]?.n).toBe(migrationNames.length);
  });

  it("lets concurrent runners on one database apply each migration once", async () => {
    const other = `${name}_race`;
    const otherUrl = `${TEST_SERVER_URL}/${other}`;
    await admin.query(`CREATE DATABASE "${other}"`);
    try {
      // Every runner waits on the engine's advisory lock; only the first one applies anything.
      const results = await Promise.all([1, 2, 3].map(() => applyMigrations(new PrismaPg({ connectionString: otherUrl }))));
      expect(results.filter((names) => names.length > 0)).toEqual([migrationNames]);
      const client = new pg.Client({ connectionString: otherUrl });
      await client.connect();
      const { rows } = await client.query("SELECT count(*)::int AS n FROM _prisma_migrations");
      await client.end();
      expect(rows[0]?.n).toBe(migrationNames.length);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${other}" WITH (FORCE)`);
    }
  });
});

describe("createTestDatabase", () => {
  it("returns a migrated database and drops it, connections and all", async () => {
    const { url, drop } = await createTestDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    client.on("error", () => {});
    expect(await tableNames((sql) => client.query(sql))).toEqual(TABLES);

    await drop();
    const admin = new pg.Client({ connectionString: `${TEST_SERVER_URL}/postgres` });
    await admin.connect();
    const { rows } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [new URL(url).pathname.slice(1)]);
    await admin.end();
    await client.end().catch(() => {});
    expect(rows).toEqual([]);
  });
});

// PGlite runs initdb (a few seconds) for every new database.
describe("applyMigrations on PGlite", { timeout: 60_000 }, () => {
  it("migrates an in-memory database, once", async () => {
    const pglite = await PGlite.create();
    try {
      expect(await applyMigrations(pgliteMigrationAdapter(pglite))).toEqual(migrationNames);
      expect(await tableNames((sql) => pglite.query(sql))).toEqual(TABLES);
      expect(await applyMigrations(pgliteMigrationAdapter(pglite))).toEqual([]);
    } finally {
      await pglite.close();
    }
  });

  it("migrates a database kept in a folder, whose data survives a reopen", async () => {
    const dataDir = await tempDir();
    const first = await PGlite.create({ dataDir });
    expect(await applyMigrations(pgliteMigrationAdapter(first))).toEqual(migrationNames);
    await first.query(`INSERT INTO "User" (id, issuer, subject, email, name) VALUES ('u1', 'https://idp', 'sub-1', 'a@example.com', 'Ada')`);
    await first.close();

    const second = await PGlite.create({ dataDir });
    try {
      expect(await applyMigrations(pgliteMigrationAdapter(second))).toEqual([]);
      const { rows } = await second.query<{ email: string }>(`SELECT email FROM "User" WHERE id = 'u1'`);
      expect(rows).toEqual([{ email: "a@example.com" }]);
    } finally {
      await second.close();
    }
  });
});

// PGlite runs initdb (a few seconds) for every new database.
describe("createMigration", { timeout: 60_000 }, () => {
  it("writes nothing when the migrations already match the schema", async () => {
    const prismaDir = await prismaCopy();
    const before = await readdir(path.join(prismaDir, "migrations"));
    expect(await createMigration("nothing_to_do", { prismaDir })).toBeNull();
    expect(await readdir(path.join(prismaDir, "migrations"))).toEqual(before);
  });

  it("writes the DDL for a schema change into a timestamped folder that then applies", async () => {
    const prismaDir = await prismaCopy();
    await appendFile(path.join(prismaDir, "schema.prisma"), "\nmodel Note {\n  id   Int    @id\n  body String\n}\n");
    const now = new Date(Date.UTC(2099, 0, 2, 3, 4, 5));

    const created = await createMigration("add_note", { prismaDir, now });
    expect(created?.name).toBe("20990102030405_add_note");
    expect(created?.file).toBe(path.join(prismaDir, "migrations", "20990102030405_add_note", "migration.sql"));
    const sql = await readFile(created!.file, "utf8");
    expect(sql).toContain('CREATE TABLE "Note"');
    expect(sql).not.toContain('"User"');
    expect(await readFile(path.join(prismaDir, "migrations", "migration_lock.toml"), "utf8")).toContain('provider = "postgresql"');

    const pglite = await PGlite.create();
    try {
      expect(await applyMigrations(pgliteMigrationAdapter(pglite), { prismaDir })).toEqual([...migrationNames, created!.name]);
    } finally {
      await pglite.close();
    }
    expect(await createMigration("add_note_again", { prismaDir })).toBeNull();
    // Three replays of every migration in WebAssembly PGlite: slow on a busy machine, not a timing check.
  }, 240_000);

  it("starts a migration history from nothing, with its lock file", async () => {
    const prismaDir = path.join(await tempDir(), "prisma");
    await cp(path.join(REPO_PRISMA_DIR, "schema.prisma"), path.join(prismaDir, "schema.prisma"));
    const created = await createMigration("init", { prismaDir });
    expect(created).not.toBeNull();
    expect(await readFile(created!.file, "utf8")).toContain('CREATE TABLE "User"');
    expect(await readdir(path.join(prismaDir, "migrations"))).toContain("migration_lock.toml");
  });

  it("rejects names that are not lowercase letters, digits and underscores", async () => {
    for (const name of ["", "Add", "add-note", "../x", "a b"]) {
      await expect(createMigration(name, { prismaDir: "/nonexistent" })).rejects.toBeInstanceOf(MigrationNameError);
    }
  });

  it("refuses a lock file for another provider", async () => {
    const prismaDir = await prismaCopy();
    await writeFile(path.join(prismaDir, "migrations", "migration_lock.toml"), 'provider = "mysql"\n');
    await expect(createMigration("x", { prismaDir })).rejects.toThrow(/migration_lock\.toml/);
  });
});

describe("a migration that fails", { timeout: 60_000 }, () => {
  const BROKEN = "20990101000000_broken";

  async function brokenPrismaDir(): Promise<string> {
    const prismaDir = await prismaCopy();
    await mkdir(path.join(prismaDir, "migrations", BROKEN));
    await writeFile(path.join(prismaDir, "migrations", BROKEN, "migration.sql"), 'CREATE TABLE "Broken" (id int);\nSELECT 1/0;\n');
    return prismaDir;
  }

  it("is reported on PGlite, recorded as failed, and blocks later runs", async () => {
    const prismaDir = await brokenPrismaDir();
    const pglite = await PGlite.create();
    try {
      const failure = await applyMigrations(pgliteMigrationAdapter(pglite), { prismaDir }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SchemaEngineError);
      expect((failure as Error).message).toContain("division by zero");
      const { rows } = await pglite.query<{ finished_at: Date | null }>(`SELECT finished_at FROM _prisma_migrations WHERE migration_name = '${BROKEN}'`);
      expect(rows).toEqual([{ finished_at: null }]);
      await expect(applyMigrations(pgliteMigrationAdapter(pglite), { prismaDir })).rejects.toMatchObject({ code: "P3009" });
    } finally {
      await pglite.close();
    }
  });

  it("is reported on PostgreSQL", async () => {
    const prismaDir = await brokenPrismaDir();
    const database = await createTestDatabase();
    try {
      await expect(applyMigrations(new PrismaPg({ connectionString: database.url }), { prismaDir })).rejects.toThrow(/division by zero/);
    } finally {
      await database.drop();
    }
  });
});
