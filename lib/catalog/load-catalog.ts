import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import { getEnv } from "@/lib/env";
import { CatalogError, parseCatalog } from "./parse-catalog";
import type { Catalog, CatalogAccount, CatalogRole } from "./schema";

export interface LoadedCatalog extends Catalog {
  file: string;
  sha256: string;
}

let cached: LoadedCatalog | undefined;

export function loadCatalogFile(file: string): LoadedCatalog {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : "file cannot be read";
    throw new CatalogError(file, [`${file}: ${reason} (set FRONTDESK_CATALOG to the catalog's path)`]);
  }
  return { ...parseCatalog(text, file), file, sha256: createHash("sha256").update(text).digest("hex") };
}

/** The catalog this process serves, loaded once from FRONTDESK_CATALOG. */
export function getCatalog(): LoadedCatalog {
  cached ??= loadCatalogFile(path.resolve(getEnv().FRONTDESK_CATALOG));
  return cached;
}

