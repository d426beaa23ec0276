import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import { getEnv } from "@/lib/env";
import { CatalogError, parseCatalog } from "./parse-catalog";
import type { Catalog } from "./schema";
import { createCatalogReloader, type CatalogRefusal, type CatalogReloader } from "./catalog-reloader";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export interface LoadedCatalog extends Catalog {
  file: string;
  sha256: string;
}

// On globalThis: Next bundles the instrumentation hook and the routes apart, and a reload must
// reach every copy of this module in the process.
const HOLDER = Symbol.for("frontdesk.catalog");
const holder = ((globalThis as Record<symbol, unknown>)[HOLDER] ??= {}) as { catalog?: LoadedCatalog; reloader?: CatalogReloader };

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

/** The catalog this process serves: loaded from FRONTDESK_CATALOG, then as watchCatalog last swapped it in. */
export function getCatalog(): LoadedCatalog {
  holder.catalog ??= loadCatalogFile(path.resolve(getEnv().FRONTDESK_CATALOG));
  return holder.catalog;
}

/** Starts live reload in this process (once); returns a stop function. */
export function watchCatalog(db: PrismaClient, now: () => Date, intervalMs: number): () => void {
  holder.reloader ??= createCatalogReloader(getCatalog(), { db, now, onSwap: (catalog) => (holder.catalog = catalog) });
  return holder.reloader.start(intervalMs);
}

/** Why the catalog file on disk is not the one being served, for the admin page; null when it is. */
export function catalogRefusal(): CatalogRefusal | null {
  return holder.reloader?.refusal() ?? null;
}
