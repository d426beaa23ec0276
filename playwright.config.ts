import { defineConfig } from "@playwright/test";
import { E2E_APP_URL } from "./e2e/ports";

// The e2e suite drives a production build (`next build` first) in Debian's Chromium; the global
// setup starts PostgreSQL's fresh database, the dev IdP, moto and the federation stand-in.
export default defineConfig({
  testDir: "e2e",
  projects: [
    // The fresh database's empty states, before any other spec has asked for anything.
    { name: "first-visit", testMatch: /first-visit\.spec\.ts$/ },
    // The scale specs run with their own catalog: playwright.scale.config.ts.
    { name: "suite", testIgnore: [/first-visit\.spec\.ts$/, "scale/**"], dependencies: ["first-visit"] },
  ],
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: E2E_APP_URL,
    browserName: "chromium",
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
});
