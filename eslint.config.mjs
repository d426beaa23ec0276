import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

// The walls the layout promises, enforced here rather than remembered (lib/testing/boundaries.test.ts
// proves each rule fires):
// - process.env is read only in lib/env.ts;
// - nothing outside app/ imports from app/;
// - shipped code never imports a test kit (lib/testing) or a dev stand-in (scripts/);
// - @aws-sdk/* only in lib/aws;
// - the pure core (lib/policy, the request state map) imports no database, environment, file system or SDK;
// - service locators (getEnv, getDb, getCatalog) only at the composition root and the transport
//   adapters Next calls directly; everything else receives Deps.

const TESTS = ["**/*.test.ts", "**/*.test.tsx", "lib/testing/**"];
const SHIPPED = ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}", "proxy.ts", "instrumentation.ts"];
const PURE_CORE = ["lib/policy/**/*.ts", "lib/requests/state.ts", "lib/aws/limits.ts", "lib/duration.ts"];
const COMPOSITION_ROOT = [
  "lib/env.ts",
  "lib/deps.ts",
  "lib/boot.ts",
  "lib/ops/graceful-shutdown.ts",
  "lib/db/client.ts",
  "lib/catalog/load-catalog.ts",
  "lib/auth/get-actor.ts",
  "lib/auth/options.ts",
  "lib/auth/freshness.ts",
  "lib/auth/saml/config.ts",
  "lib/auth/saml/provider.ts",
  "lib/http/**",
  "lib/actions/**",
  "proxy.ts",
];

const noApp = { group: ["@/app/*", "**/app/*"], message: "Only app/ imports from app/: put shared code in lib/ or components/." };
const noTestKits = {
  group: ["@/lib/testing/*", "**/lib/testing/*", "@/scripts/*", "**/scripts/*"],
  message: "Shipped code never imports a test kit or a dev stand-in.",
};
const noSdk = { group: ["@aws-sdk/*"], message: "Only lib/aws talks to the AWS SDK: reshape its types there." };
const notPure = {
  group: [
    "@/lib/db/*",
    "@/lib/env",
    "@/lib/deps",
    "@/lib/catalog/load-catalog",
    "@/lib/generated/prisma/client",
    "node:fs",
    "fs",
    "node:fs/*",
    "@prisma/*",
    "pg",
  ],
  allowTypeImports: true,
  message: "The pure core takes plain data: no database, environment, file system or SDK.",
};
const locators = [
  { name: "@/lib/env", importNames: ["getEnv"], message: "Take what you need from Deps (or the composition root in lib/deps.ts)." },
  { name: "@/lib/db/client", importNames: ["getDb"], message: "Take the database from Deps." },
  { name: "@/lib/catalog/load-catalog", importNames: ["getCatalog"], message: "Take the catalog from Deps." },
];

const restrict = (patterns, paths = []) => ["error", { patterns, paths }];
const noProcessEnv = [
  "error",
  { selector: "MemberExpression[object.name='process'][property.name='env']", message: "Read configuration in lib/env.ts (validated there) and pass it on." },
];

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      "scripts/bench/next-floor/.next/**",
      "lib/generated/**",
      ".frontdesk/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  {
    files: SHIPPED,
    ignores: [...TESTS, "lib/env.ts", "instrumentation.ts"],
    rules: { "no-restricted-syntax": noProcessEnv },
  },
  // Later blocks win for the files they match, so each block lists every wall that applies to it.
  { files: ["app/**/*.{ts,tsx}"], ignores: TESTS, rules: { "no-restricted-imports": restrict([noTestKits, noSdk]) } },
  { files: ["components/**/*.{ts,tsx}"], ignores: TESTS, rules: { "no-restricted-imports": restrict([noApp, noTestKits, noSdk], locators) } },
  {
    files: ["lib/**/*.{ts,tsx}", "proxy.ts", "instrumentation.ts"],
    ignores: [...TESTS, ...COMPOSITION_ROOT],
    rules: { "no-restricted-imports": restrict([noApp, noTestKits, noSdk], locators) },
  },
  { files: COMPOSITION_ROOT, ignores: TESTS, rules: { "no-restricted-imports": restrict([noApp, noTestKits, noSdk]) } },
  { files: ["lib/aws/**/*.ts"], ignores: TESTS, rules: { "no-restricted-imports": restrict([noApp, noTestKits], locators) } },
  { files: PURE_CORE, ignores: TESTS, rules: { "no-restricted-imports": restrict([noApp, noTestKits, noSdk, notPure], locators) } },
  { files: ["lib/**/*.test.{ts,tsx}", "components/**/*.test.{ts,tsx}", "lib/testing/**"], rules: { "no-restricted-imports": restrict([noApp]) } },
];

export default config;
