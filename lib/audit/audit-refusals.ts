// Refused and failed attempts are audited too. The attempt's own transaction has rolled back, so
// the refusal is written in a transaction of its own, after the fact.
import type { Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { storableText } from "@/lib/input/safe-text";
import { auditedTransaction, recordAuditEvent } from "./record-audit-event";

export interface Attempt {
  actorId: string | null;
  /** What was attempted, e.g. "request.decide". */
  action: string;
  targetType: string;
  targetId?: string | null;
  requestId?: string | null;
}

/** Runs `work`; an expected refusal (AppError) is recorded before it is rethrown. */
export async function auditRefusals<T>(deps: Pick<Deps, "db" | "now">, attempt: Attempt, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) await recordRefusal(deps, attempt, error);
    throw error;
  }
}

export async function recordRefusal(deps: Pick<Deps, "db" | "now">, attempt: Attempt, error: AppError): Promise<void> {
  try {
    await auditedTransaction(deps.db, (tx) =>
      recordAuditEvent(
        tx,
        {
          ...attempt,
          // What was sent may hold anything (NUL included): stored with such characters replaced,
          // so the refusal's own row cannot fail.
          targetId: attempt.targetId == null ? attempt.targetId : storableText(attempt.targetId, 200),
          requestId: attempt.requestId == null ? attempt.requestId : storableText(attempt.requestId, 200),
          result: error.code === "AWS_ERROR" ? "failed" : "refused",
          data: { code: error.code, reason: storableText(error.userMessage, 500) },
        },
        deps.now(),
      ),
    );
  } catch (auditError) {
    // The person still gets the original refusal; the lost audit row is an operator problem.
    console.error("[frontdesk] could not record a refused attempt:", auditError);
  }
}
