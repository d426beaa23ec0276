// Whether the last `next build` is still the build of these sources: a SHA-256 over every file the
// build reads (sources, styles, public files, the lockfile, the configs) and the build-time settings.
// `npm run demo` keeps it next to the build and rebuilds only when it changed, so a second start
// takes seconds instead of a build. Tests are left out: they never reach the build.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ROOTS = [
  "app",
  "components",
  "lib",
  "public",
  "types",
  "prisma",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.mjs",
  "postcss.config.mjs",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
];
/** Settings next.config.mjs reads at build time (the build records them). */
const BUILD_SETTINGS = ["HTTP_COMPRESSION", "NEXT_DIST_DIR"];
const SKIPPED = /(^|\/)(node_modules|\.next[^/]*)(\/|$)|\.test\.tsx?$|\.integration\.test\.ts$/;

function filesUnder(root: string, base: string): string[] {
  const path = join(base, root);
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return [];
  }
  if (stats.isFile()) return SKIPPED.test(root) ? [] : [root];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => filesUnder(join(root, entry), base));
}

export function buildFingerprint(base: string, env: Record<string, string | undefined> = process.env): string {
  const hash = createHash("sha256");
  for (const file of ROOTS.flatMap((root) => filesUnder(root, base))) {
    hash.update(`${relative(base, join(base, file))}\0`);
    hash.update(readFileSync(join(base, file)));
    hash.update("\0");
  }
  for (const name of BUILD_SETTINGS) hash.update(`${name}=${env[name] ?? ""}\0`);
  hash.update(`node ${process.versions.node}`);
  return hash.digest("hex");
}
