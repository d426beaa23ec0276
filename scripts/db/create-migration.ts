// `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
// with the DDL that brings the migration history up to prisma/schema.prisma.
import path from "node:path";
import { createMigration } from "@/lib/db/migrate";

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || process.argv.length > 3) {
    console.error("Usage: npm run db:migration -- <name>   (lowercase letters, digits and underscores, e.g. add_outbox)");
    process.exit(1);
  }
  const created = await createMigration(name);
  console.log(created ? `Created ${path.relative(process.cwd(), created.file)}` : "No schema changes: nothing written");
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(
    `db:migration failed: ${message
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean)
      .join(" ")}`,
  );
  process.exit(1);
});
