// Parses catalog YAML and reports each problem with file, line, column and field path.
import { LineCounter, parseDocument, isNode } from "yaml";
import type { z } from "zod";
import { catalogSchema, type Catalog } from "./schema";
import { expandTemplates } from "./templates";

export class CatalogError extends Error {
  override name = "CatalogError";
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Invalid access catalog ${file}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export function parseCatalog(text: string, file: string): Catalog {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new CatalogError(
      file,
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return `${file}:${pos.line}:${pos.col}: ${e.message.split("\n")[0]}`;
      }),
    );
  }
  // Issue 18: templates stamp roles onto accounts before anything is validated.
  const expanded = expandTemplates(doc.toJS() ?? {});
  if (expanded.problems.length > 0)
    throw new CatalogError(
      file,
      expanded.problems.map((p) => `${file}: ${p}`),
    );
  const result = catalogSchema.safeParse(expanded.catalog);
  if (result.success) return result.data;
  throw new CatalogError(
    file,
    result.error.issues.map((issue) => describeIssue(issue, doc, lineCounter, file)),
  );
}

function describeIssue(issue: z.core.$ZodIssue, doc: ReturnType<typeof parseDocument>, lineCounter: LineCounter, file: string): string {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  const field = path.reduce<string>((acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), "");
  // Point at the offending value, or at the closest parent that exists (for a missing field).
  let offset: number | undefined;
  for (let depth = path.length; depth >= 0 && offset === undefined; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) offset = node.range[0];
  }
  const where = offset === undefined ? "" : `:${lineCounter.linePos(offset).line}:${lineCounter.linePos(offset).col}`;
  const message = issue.code === "invalid_type" && issue.input === undefined ? "is required" : issue.message.replace(/^Invalid input: /, "");
  return `${file}${where}: ${field || "(top level)"} ${message}`;
}
