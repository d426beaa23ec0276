// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL, or to the embedded PGlite
// database in FRONTDESK_DATA_DIR when DATABASE_URL is unset.
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { openEmbeddedDatabase } from "@/lib/db/client";
import { applyMigrations, pgliteMigrationAdapter } from "@/lib/db/migrate";
import { getDatabaseConfig } from "@/lib/env";

async function main(): Promise<void> {
  const config = getDatabaseConfig();
  let target: string;
  let applied: string[];
  if (config.DATABASE_URL) {
    target = redact(config.DATABASE_URL);
    applied = await applyMigrations(new PrismaPg({ connectionString: config.DATABASE_URL, max: 1 }));
  } else {
    target = `embedded database in ${path.resolve(config.FRONTDESK_DATA_DIR)}`;
    const pglite = await openEmbeddedDatabase(config.FRONTDESK_DATA_DIR);
    try {
      applied = await applyMigrations(pgliteMigrationAdapter(pglite));
    } finally {
      await pglite.close();
    }
  }
  if (applied.length === 0) {
    console.log(`${target}: already up to date`);
  } else {
    console.log(`${target}: applied ${applied.length} migration(s)`);
    for (const name of applied) console.log(`  ${name}`);
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "DATABASE_URL";
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(
    `db:migrate failed: ${message
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean)
      .join(" ")}`,
  );
  process.exit(1);
});
