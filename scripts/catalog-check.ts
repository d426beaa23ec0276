// `npm run catalog:check -- <new catalog> [--against <current catalog>]`: validates the new file
// (exit 1 with every problem when it is invalid) and prints, against the current one, who gains or
// loses which role and which rules changed, as Markdown for a pull request.
import path from "node:path";
import { parseArgs } from "node:util";
import { diffCatalogs, formatCatalogDiff } from "@/lib/catalog/catalog-diff";
import { loadCatalogFile } from "@/lib/catalog/load-catalog";
import { CatalogError } from "@/lib/catalog/parse-catalog";

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { against: { type: "string" } } });
  const file = positionals[0];
  if (!file) {
    console.error("usage: npm run catalog:check -- <new catalog> [--against <current catalog>]");
    process.exit(2);
  }
  try {
    const next = loadCatalogFile(path.resolve(file));
    console.log(
      `## Catalog check: ${file}\n\nValid: ${next.accounts.length} accounts, ${next.roles.length} roles, ${next.rules.length} rules (sha256 ${next.sha256.slice(0, 12)}).\n`,
    );
    if (values.against) console.log(formatCatalogDiff(diffCatalogs(loadCatalogFile(path.resolve(values.against)), next)));
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

main();
