// Adds lockfile entries for optional, platform-specific packages that the npm registry mirror
// used here does not serve (for example macOS and Windows builds of native tools). Without them
// `npm ci` refuses the lockfile as out of sync. npm skips such packages on platforms they are not
// for, exactly as with a lockfile written against the full registry.
// Run after any `npm install` that changes dependencies: `npm run lock:complete`.
import { readFileSync, writeFileSync } from "node:fs";

const file = "package-lock.json";
const lock = JSON.parse(readFileSync(file, "utf8"));
const packages = lock.packages;
const added = [];

for (const [path, meta] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ""}node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (packages[nested] || packages[hoisted]) continue;
    packages[hoisted] = { version, ...(meta.dev ? { dev: true } : {}), optional: true };
    added.push(`${name}@${version}`);
  }
}

writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `Added ${added.length} optional platform packages to ${file}.` : `${file} is complete.`);
