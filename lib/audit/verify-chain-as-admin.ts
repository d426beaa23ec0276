// The admin page's check of the audit chain. Running it is itself audited: who looked, and what
// they were shown.
import { performance } from "node:perf_hooks";
import type { Deps } from "@/lib/context";
import type { Actor } from "@/lib/policy/access";
import { assertCan } from "@/lib/policy/permissions";
import { auditRefusals } from "./audit-refusals";
import { auditedTransaction, recordAuditEvent } from "./record-audit-event";
import { verifyChain, type ChainVerification } from "./verify-chain";

export interface AdminChainVerification extends ChainVerification {
  elapsedMs: number;
}

export function verifyChainAsAdmin(deps: Pick<Deps, "db" | "catalog" | "now">, { actor }: { actor: Actor }): Promise<AdminChainVerification> {
  return auditRefusals(deps, { actorId: actor.id, action: "audit.verify", targetType: "audit" }, async () => {
    assertCan(actor, "audit.verify", null, deps.catalog);
    const started = performance.now();
    const result = await verifyChain(deps.db);
    const elapsedMs = Math.round(performance.now() - started);
    await auditedTransaction(deps.db, (tx) =>
      recordAuditEvent(
        tx,
        {
          actorId: actor.id,
          action: "audit.verified",
          targetType: "audit",
          data: {
            intact: result.ok,
            checked: result.checked,
            headSeq: result.headSeq,
            brokenSeq: result.firstBroken?.seq ?? null,
            reason: result.firstBroken?.reason ?? null,
          },
        },
        deps.now(),
      ),
    );
    return { ...result, elapsedMs };
  });
}
