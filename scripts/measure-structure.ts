// Structure figures for code review: files over 300 lines, functions over 60 lines, and import
// cycles between folders (app/requests → lib/requests → … → app/requests). Run: npm run measure:structure
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

const ROOT = resolve(import.meta.dirname, "..");
const FOLDERS = ["app", "components", "lib", "scripts", "e2e"];
const SKIP = /(^|\/)(node_modules|generated|\.next[^/]*)(\/|$)/;
const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 60;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (SKIP.test(relative(ROOT, path))) continue;
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|mjs)$/.test(name) && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

const files = FOLDERS.flatMap((folder) => sourceFiles(join(ROOT, folder)));
const isTest = (file: string) => /\.test\.tsx?$|\.spec\.ts$/.test(file);

const longFiles: string[] = [];
const longFunctions: string[] = [];
const edges = new Map<string, Set<string>>();

for (const file of files) {
  const text = readFileSync(file, "utf8");
  const rel = relative(ROOT, file);
  const lines = text.split("\n").length;
  if (lines > MAX_FILE_LINES && !isTest(file)) longFiles.push(`${lines}\t${rel}`);
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      // Test callbacks (describe/it bodies) are not functions a reader maintains as units.
      if (end - start + 1 > MAX_FUNCTION_LINES && !isTest(file)) {
        const name = (node as ts.FunctionDeclaration).name?.getText() ?? `(anonymous at line ${start + 1})`;
        longFunctions.push(`${end - start + 1}\t${rel}\t${name}`);
      }
    }
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!isTest(file) && !(ts.isImportDeclaration(node) && node.importClause?.isTypeOnly)) addEdge(rel, node.moduleSpecifier.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

function addEdge(from: string, specifier: string) {
  let target: string | null = null;
  if (specifier.startsWith("@/")) target = specifier.slice(2);
  else if (specifier.startsWith(".")) target = relative(ROOT, resolve(ROOT, dirname(from), specifier));
  if (!target || target.startsWith("lib/generated")) return;
  const a = dirname(from);
  const b = dirname(target.replace(/\.(ts|tsx)$/, "") + ".ts");
  if (a === b) return;
  if (!edges.has(a)) edges.set(a, new Set());
  edges.get(a)!.add(b);
}

// Tarjan's strongly connected components: every component of two or more folders is a cycle.
function cycles(): string[][] {
  let index = 0;
  const stack: string[] = [];
  const meta = new Map<string, { index: number; low: number; onStack: boolean }>();
  const out: string[][] = [];
  const nodes = new Set([...edges.keys(), ...[...edges.values()].flatMap((s) => [...s])]);
  const strong = (v: string) => {
    meta.set(v, { index, low: index, onStack: true });
    index++;
    stack.push(v);
    for (const w of edges.get(v) ?? []) {
      if (!meta.has(w)) {
        strong(w);
        meta.get(v)!.low = Math.min(meta.get(v)!.low, meta.get(w)!.low);
      } else if (meta.get(w)!.onStack) meta.get(v)!.low = Math.min(meta.get(v)!.low, meta.get(w)!.index);
    }
    if (meta.get(v)!.low === meta.get(v)!.index) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        meta.get(w)!.onStack = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of nodes) if (!meta.has(v)) strong(v);
  return out;
}

const folderCycles = cycles();
const show = (title: string, rows: string[]) => {
  console.log(`\n${title}: ${rows.length}`);
  for (const row of rows.sort((x, y) => parseInt(y) - parseInt(x))) console.log(`  ${row}`);
};
show(`files over ${MAX_FILE_LINES} lines (tests excluded)`, longFiles);
show(`functions over ${MAX_FUNCTION_LINES} lines (tests excluded)`, longFunctions);
console.log(`\nimport cycles between folders (type-only imports and tests excluded): ${folderCycles.length}`);
for (const cycle of folderCycles) console.log(`  ${cycle.join(" ↔ ")}`);
