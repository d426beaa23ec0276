import type { LoadedCatalog } from "@/lib/catalog/load-catalog";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { recordAuditEvent } from "./record-audit-event";

/** Each instance records the exact catalog it serves, by the file's hash, when it starts. */
export async function recordCatalogLoaded(db: PrismaClient, catalog: LoadedCatalog, now: Date): Promise<void> {
  await db.$transaction((tx) =>
    recordAuditEvent(
      tx,
      {
        actorId: null,
        action: "catalog.loaded",
        targetType: "catalog",
        targetId: catalog.file,
        data: { sha256: catalog.sha256, roles: catalog.roles.length, accounts: catalog.accounts.length },
      },
      now,
    ),
  );
}
