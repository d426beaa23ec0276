// Audit events are written inside the same transaction as the change they record, and chained:
// hash = sha256(previous hash + canonical event). A transaction-scoped advisory lock orders
// writers so the chain has no forks when many requests are decided at once.
import { createHash } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";

export const GENESIS_HASH = "0".repeat(64);
const AUDIT_CHAIN_LOCK = 727_001;

export interface AuditInput {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  requestId?: string | null;
  result?: "ok" | "refused" | "failed";
  data?: Record<string, string | number | boolean | null>;
}

/** JSON with keys sorted at every level, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function chainHash(prevHash: string, event: Record<string, unknown>): string {
  return createHash("sha256").update(prevHash).update(canonicalJson(event)).digest("hex");
}

export async function recordAuditEvent(tx: Prisma.TransactionClient, input: AuditInput, at: Date): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  const event = {
    at,
    actorId: input.actorId,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId ?? null,
    requestId: input.requestId ?? null,
    result: input.result ?? "ok",
    data: input.data ?? {},
  };
  await tx.auditEvent.create({ data: { ...event, prevHash, hash: chainHash(prevHash, event) } });
}
