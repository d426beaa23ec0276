import { defineConfig } from "prisma/config";

// The CLI is only used offline for `prisma generate` (scripts/db/generate.ts).
// Migrations run through the WebAssembly schema engine (lib/db/migrate.ts).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
