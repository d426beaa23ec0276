// Readiness: may this instance take traffic? Each part is checked cheaply and reported by name,
// so an operator (or a load balancer's log) sees which one is not ready.
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { PrismaClient } from "@/lib/generated/prisma/client";

interface PartStatus {
  ok: boolean;
  detail: string;
}

export interface Readiness {
  ready: boolean;
  parts: { database: PartStatus; migrations: PartStatus; catalog: PartStatus; jobLoop: PartStatus };
}

export interface ReadinessProbes {
  /** The database client; may throw (embedded database not openable, bad URL). */
  db: () => Promise<PrismaClient>;
  /** The loaded catalog's summary; throws when it is not loaded or invalid. */
  catalog: () => { roles: number; sha256: string };
  jobLoop: () => PartStatus;
  /** prisma/migrations of this build. */
  migrationsDir?: string;
  /** Shutting down: never ready again. */
  shuttingDown?: () => boolean;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 2_000;

export async function checkReadiness(probes: ReadinessProbes): Promise<Readiness> {
  const timeoutMs = probes.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const [database, migrations] = await (async () => {
    let db: PrismaClient;
    try {
      db = await withTimeout(probes.db(), timeoutMs, "opening the database");
      await withTimeout(db.$queryRaw`SELECT 1`, timeoutMs, "the database");
    } catch (error) {
      const down = { ok: false, detail: describe(error, "unreachable") };
      return [down, { ok: false, detail: "unknown: the database is unreachable" }];
    }
    return [{ ok: true, detail: "reachable" }, await checkMigrations(db, probes.migrationsDir ?? defaultMigrationsDir(), timeoutMs)];
  })();
  let catalog: PartStatus;
  try {
    const loaded = probes.catalog();
    catalog = { ok: true, detail: `${loaded.roles} roles, sha256 ${loaded.sha256.slice(0, 12)}` };
  } catch {
    catalog = { ok: false, detail: "not loaded" };
  }
  const jobLoop = probes.jobLoop();
  const parts = { database, migrations, catalog, jobLoop };
  const shuttingDown = probes.shuttingDown?.() ?? false;
  return { ready: !shuttingDown && Object.values(parts).every((p) => p.ok), parts };
}

export function defaultMigrationsDir(): string {
  return path.join(process.cwd(), "prisma", "migrations");
}

const expected = new Map<string, Promise<string[]>>();

/** The migration folders this build ships (read once: they do not change while it runs). */
function expectedMigrations(dir: string): Promise<string[]> {
  let names = expected.get(dir);
  if (!names) {
    names = readdir(dir, { withFileTypes: true }).then((entries) =>
      entries
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort(),
    );
    expected.set(dir, names);
    names.catch(() => expected.delete(dir));
  }
  return names;
}

async function checkMigrations(db: PrismaClient, dir: string, timeoutMs: number): Promise<PartStatus> {
  let wanted: string[];
  try {
    wanted = await expectedMigrations(dir);
  } catch {
    return { ok: false, detail: "this build's migrations folder cannot be read" };
  }
  let applied: string[];
  try {
    const rows = await withTimeout(
      db.$queryRaw<{ migration_name: string }[]>`
        SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      timeoutMs,
      "reading the migrations",
    );
    applied = rows.map((r) => r.migration_name);
  } catch {
    return { ok: false, detail: "no migrations applied (run npm run db:migrate)" };
  }
  const missing = wanted.filter((name) => !applied.includes(name));
  if (missing.length > 0) return { ok: false, detail: `${missing.length} pending (run npm run db:migrate): ${missing.join(", ")}` };
  const unknown = applied.filter((name) => !wanted.includes(name));
  // A newer build migrated this database: this one may not understand its tables.
  if (unknown.length > 0) return { ok: false, detail: `the database has migrations this build does not know: ${unknown.join(", ")}` };
  return { ok: true, detail: `${wanted.length} applied` };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Never the driver's message: it may name hosts or users. Our own timeouts are safe to show.
function describe(error: unknown, fallback: string): string {
  if (error instanceof Error && / did not answer within /.test(error.message)) return error.message;
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" && /^[A-Z0-9_]{2,20}$/.test(code) ? `${fallback} (${code})` : fallback;
}
