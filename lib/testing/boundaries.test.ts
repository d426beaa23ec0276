// The walls of the layout, checked: the lint rules fire on each kind of violation, and no shipped
// file writes a request row (or locks one) anywhere but the one gate, lib/requests/transition.ts.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

describe("lint walls", () => {
  const eslint = new ESLint({ cwd: ROOT });
  const messagesFor = async (filePath: string, code: string) =>
    (await eslint.lintText(code, { filePath: join(ROOT, filePath) }))[0]!.messages.filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);

  it.each([
    [
      "a component importing from app/",
      "components/requests/x.tsx",
      'import { x } from "@/app/requests/page";\nexport const y = x;',
      /Only app\/ imports from app\//,
    ],
    [
      "a use case importing a test kit",
      "lib/requests/x.ts",
      'import { createHarness } from "@/lib/testing/harness";\nexport const y = createHarness;',
      /never imports a test kit/,
    ],
    [
      "a page importing a dev stand-in",
      "app/x/page.tsx",
      'import { startMoto } from "@/scripts/dev/moto";\nexport const y = startMoto;',
      /never imports a test kit or a dev stand-in/,
    ],
    [
      "the AWS SDK outside lib/aws",
      "lib/requests/x.ts",
      'import { STSClient } from "@aws-sdk/client-sts";\nexport const y = STSClient;',
      /Only lib\/aws talks to the AWS SDK/,
    ],
    ["process.env outside lib/env.ts", "lib/requests/x.ts", "export const y = process.env.FOO;", /Read configuration in lib\/env.ts/],
    ["the database in the pure core", "lib/policy/x.ts", 'import { getDb } from "@/lib/db/client";\nexport const y = getDb;', /pure core takes plain data/],
    [
      "the file system in the pure core",
      "lib/policy/x.ts",
      'import { readFileSync } from "node:fs";\nexport const y = readFileSync;',
      /pure core takes plain data/,
    ],
    [
      "a service locator in a use case",
      "lib/requests/x.ts",
      'import { getCatalog } from "@/lib/catalog/load-catalog";\nexport const y = getCatalog;',
      /Take the catalog from Deps/,
    ],
  ])("refuses %s", async (_name, filePath, code, expected) => {
    expect((await messagesFor(filePath, code)).join("\n")).toMatch(expected);
  });

  it("lets the composition root use the service locators and tests use test kits", async () => {
    expect(await messagesFor("lib/deps.ts", 'import { getEnv } from "@/lib/env";\nexport const y = getEnv;')).toEqual([]);
    expect(await messagesFor("lib/requests/x.test.ts", 'import { createHarness } from "@/lib/testing/harness";\nexport const y = createHarness;')).toEqual([]);
  });
}, 120_000);

const SHIPPED = ["app", "components", "lib", "proxy.ts", "instrumentation.ts"];
const isTest = (path: string) => /\.test\.tsx?$/.test(path) || path.startsWith("lib/testing/") || path.startsWith("lib/generated/");

function shippedFiles(): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    if (statSync(path).isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    else if (/\.(ts|tsx)$/.test(path) && !isTest(relative(ROOT, path))) out.push(relative(ROOT, path));
  };
  for (const entry of SHIPPED) walk(join(ROOT, entry));
  return out;
}

/** Every place in this source that writes or locks a request row. */
function requestRowWrites(source: string): string[] {
  const patterns = [
    /\.accessRequest\s*\.\s*(update|updateMany|updateManyAndReturn|upsert|delete|deleteMany)\s*\(/g,
    /UPDATE\s+"?AccessRequest"?/gi,
    /FROM\s+"AccessRequest"[^`]*FOR\s+UPDATE/gi,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[0]));
}

describe("the one gate for request rows", () => {
  it("finds writes and locks (the check itself can fail)", () => {
    expect(requestRowWrites('await tx.accessRequest.updateMany({ where: { id }, data: { status: "DENIED" } })')).toHaveLength(1);
    expect(requestRowWrites('await tx.$executeRaw`UPDATE "AccessRequest" SET status = ${s}`')).toHaveLength(1);
    expect(requestRowWrites('tx.$queryRaw`SELECT id FROM "AccessRequest" WHERE id = ${id} FOR UPDATE`')).toHaveLength(1);
    expect(requestRowWrites("await tx.accessRequest.findUnique({ where: { id } })")).toHaveLength(0);
  });

  it("no shipped file but lib/requests/transition.ts writes or locks a request row", () => {
    const offenders = shippedFiles()
      .filter((file) => file !== "lib/requests/transition.ts")
      .flatMap((file) => requestRowWrites(readFileSync(join(ROOT, file), "utf8")).map((write) => `${file}: ${write}`));
    expect(offenders).toEqual([]);
  });

  it("requests are created in one place only, and never with a status other than the map's first", () => {
    const creators = shippedFiles().filter((file) => /\.accessRequest\s*\.\s*create(Many)?\s*\(/.test(readFileSync(join(ROOT, file), "utf8")));
    expect(creators).toEqual(["lib/requests/create-request.ts"]);
    const create = readFileSync(join(ROOT, "lib/requests/create-request.ts"), "utf8");
    const data = create.slice(create.indexOf(".accessRequest.create("), create.indexOf("});", create.indexOf(".accessRequest.create(")));
    expect(data).not.toMatch(/\bstatus\s*:/);
  });
});
