// Live catalog reload: each instance looks at its catalog file every few seconds; a changed file
// is parsed and validated completely before it replaces the one being served, in one assignment
// (a use case holds the catalog it started with). A broken file is refused: the old catalog keeps
// serving and the problems are kept for the admin page. Every load and every refusal is audited
// with the file's sha256.
import { readFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { auditedTransaction, recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { CatalogError, parseCatalog } from "./parse-catalog";
import type { LoadedCatalog } from "./load-catalog";

export interface CatalogRefusal {
  sha256: string;
  at: Date;
  problems: string[];
}

export interface CatalogReloader {
  /** The catalog being served now. */
  current(): LoadedCatalog;
  /** The last refused file, while the file on disk is still that one; null otherwise. */
  refusal(): CatalogRefusal | null;
  /** Looks at the file once: "loaded", "refused" or "unchanged". */
  check(): Promise<"loaded" | "refused" | "unchanged">;
  /** Checks every `intervalMs` until stopped. */
  start(intervalMs: number): () => void;
}

export function createCatalogReloader(
  initial: LoadedCatalog,
  options: { db: PrismaClient; now: () => Date; onSwap?: (catalog: LoadedCatalog) => void },
): CatalogReloader {
  let served = initial;
  let refused: CatalogRefusal | null = null;
  let running: Promise<"loaded" | "refused" | "unchanged"> | null = null;

  const audit = (action: string, data: Record<string, string | number>) =>
    auditedTransaction(options.db, (tx) => recordAuditEvent(tx, { actorId: null, action, targetType: "catalog", targetId: served.file, data }, options.now()));

  async function checkOnce(): Promise<"loaded" | "refused" | "unchanged"> {
    const text = await readFile(served.file, "utf8").catch(() => null);
    if (text === null) return recordRefusal("(unreadable)", [`${served.file}: file cannot be read`]);
    const sha256 = createHash("sha256").update(text).digest("hex");
    if (sha256 === served.sha256) {
      refused = null;
      return "unchanged";
    }
    if (refused?.sha256 === sha256) return "refused";
    let next: LoadedCatalog;
    try {
      next = { ...parseCatalog(text, served.file), file: served.file, sha256 };
    } catch (error) {
      return recordRefusal(sha256, error instanceof CatalogError ? error.problems : [String(error)]);
    }
    const previous = served.sha256;
    served = next; // the swap: one assignment
    refused = null;
    options.onSwap?.(next);
    await audit("catalog.loaded", { sha256, previous, roles: next.roles.length, accounts: next.accounts.length, reason: "reload" }).catch((error: unknown) =>
      console.warn(`[frontdesk] catalog ${sha256.slice(0, 12)} loaded but its audit event could not be written: ${String(error)}`),
    );
    console.log(`[frontdesk] catalog reloaded: ${next.roles.length} roles, sha256 ${sha256.slice(0, 12)}`);
    return "loaded";
  }

  async function recordRefusal(sha256: string, problems: string[]): Promise<"refused"> {
    if (refused?.sha256 === sha256) return "refused";
    refused = { sha256, at: options.now(), problems };
    console.warn(`[frontdesk] catalog change refused (still serving sha256 ${served.sha256.slice(0, 12)}):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    await audit("catalog.refused", { sha256, serving: served.sha256, problems: problems.slice(0, 20).join("\n") }).catch(() => undefined);
    return "refused";
  }

  return {
    current: () => served,
    refusal: () => refused,
    check() {
      // One look at a time per instance.
      running ??= checkOnce().finally(() => {
        running = null;
      });
      return running;
    },
    start(intervalMs) {
      const timer = setInterval(
        () => void this.check().catch((error: unknown) => console.warn(`[frontdesk] catalog check failed: ${String(error)}`)),
        intervalMs,
      );
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
