import { defineConfig } from "@playwright/test";
import base from "./playwright.config";
import { writeManyAccountsCatalog } from "./e2e/scale/many-accounts-catalog";

// The scale run: the same e2e stack with a catalog of 300 accounts × 5 roles, for the specs under
// e2e/scale that measure the request form with it (they print figures; nothing is timed as a pass/fail).
process.env.E2E_CATALOG = writeManyAccountsCatalog();

export default defineConfig({ ...base, projects: undefined, testDir: "e2e/scale", testIgnore: [] });
