// Where server actions live and how they are built, checked over the source tree.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return name === "node_modules" || name.startsWith(".") || name === "generated" ? [] : sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const isServerModule = (text: string) => /^\s*["']use server["'];?/m.test(text.split("\n").slice(0, 3).join("\n"));

describe("server actions", () => {
  const all = ["app", "components", "lib", "e2e", "scripts"].flatMap(sources);

  it("live in lib/actions, never under app/", () => {
    const serverModules = all.filter((path) => isServerModule(read(path)));
    expect(serverModules.length).toBeGreaterThan(0);
    expect(serverModules.filter((path) => !relative("lib/actions", path).match(/^[^./][^/]*-actions\.ts$/))).toEqual([]);
  });

  it("are all built with the one wrapper, with no try/catch of their own", () => {
    for (const path of all.filter((p) => isServerModule(read(p)))) {
      const text = read(path);
      expect(text, path).toContain('from "./define-action"');
      expect(text, path).not.toMatch(/\btry\s*\{/);
      expect(text, path).not.toMatch(/export\s+async\s+function/);
    }
  });

  // ESLint enforces the same wall (eslint.config.mjs); its own test quotes such imports on purpose.
  it("nothing outside app/ imports from app/", () => {
    const offenders = all
      .filter((path) => !path.startsWith("app/") && !/\.test\.tsx?$/.test(path))
      .filter((path) => /from\s+["'](@\/app\/|(\.\.\/)+app\/)/.test(read(path)));
    expect(offenders).toEqual([]);
  });
});
