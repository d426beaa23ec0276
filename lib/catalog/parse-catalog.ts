// Parses catalog YAML and reports each problem with file, line, column and field path.
import { LineCounter, parseDocument, isNode } from "yaml";
import type { z } from "zod";
import { catalogSchema, type Catalog } from "./schema";

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
  const result = catalogSchema.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;
  throw new CatalogError(file, result.error.issues.map((issue) => describeIssue(issue, doc, lineCounter, file)));
}

function describeIssue(
  issue: z.core.$ZodIssue,
  doc: ReturnType<typeof parseDocument>,
  lineCounter: LineCounter,
  file: string,
): string {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  const field = path.reduce<string>(
    (acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part),
    "",
  );
  // Point at the offending value, or at the closest parent that exists (for a missing field).
  let offset: number | undefined;
  for (let depth = path.length; depth >= 0 && offset === undefined; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) offset = node.range[0];
  }
  const where = offset === undefined ? "" : `:${lineCounter.linePos(offset).line}:${lineCounter.linePos(offset).col}`;
  const message =
    issue.code === "invalid_type" && issue.input === undefined ? "is required" : issue.message.replace(/^Invalid input: /, "");
  return `${file}${where}: ${field || "(top level)"} ${message}`;
}
