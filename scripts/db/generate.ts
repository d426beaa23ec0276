// Runs `prisma generate` offline. Generation never executes the native schema engine, but the
// CLI checks that a binary exists first (and would download one). Pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any existing file satisfies that check without a download.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const placeholder = fileURLToPath(import.meta.url);
const result = spawnSync("node_modules/.bin/prisma", ["generate"], {
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
process.exit(result.status ?? 1);
