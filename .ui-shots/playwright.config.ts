import { defineConfig } from "@playwright/test";
import base from "../playwright.config";

export default defineConfig({ ...base, testDir: ".", globalSetup: "../e2e/global-setup.ts", outputDir: "/tmp/ui-shots-results" });
