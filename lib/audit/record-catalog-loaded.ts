import type { LoadedCatalog } from "@/lib/catalog/load-catalog";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { auditedTransaction, recordAuditEvent } from "./record-audit-event";

/**
 * Each instance records the exact catalog it serves, by the file's hash, when it starts. With
 * `waitMs`, a lock held elsewhere fails this attempt after that long instead of waiting on it.
 */
export async function recordCatalogLoaded(db: PrismaClient, catalog: LoadedCatalog, now: Date, waitMs?: number): Promise<void> {
  await auditedTransaction(
    db,
    async (tx) => {
      if (waitMs) await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(waitMs))}`);
      await recordAuditEvent(
        tx,
        {
          actorId: null,
          action: "catalog.loaded",
          targetType: "catalog",
          targetId: catalog.file,
          data: { sha256: catalog.sha256, roles: catalog.roles.length, accounts: catalog.accounts.length },
        },
        now,
      );
    },
    waitMs ? { maxWait: waitMs, timeout: waitMs * 2 } : undefined,
  );
}
