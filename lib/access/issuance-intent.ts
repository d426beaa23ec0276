// A session is recorded before STS is asked for it (the intent, with its audit event) and settled
// after (the Issuance row and its audit event). AWS may mint a session and the database fail right
// after: the person still gets the session (it exists, an error would only make them try again),
// the result is written as soon as the database answers, and a settle job queued with the intent
// marks an intent nobody settled (the process died) as unconfirmed, naming the session so
// CloudTrail can be searched for it.
import { auditedTransaction, recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Deps } from "@/lib/context";
import type { Prisma } from "@/lib/generated/prisma/client";
import { queueJob } from "@/lib/jobs/enqueue-job";
import type { JobHandlers } from "@/lib/jobs/types";

const ISSUANCE_SETTLE = "issuance.settle";
/** When an intent nobody settled is called unconfirmed (well past any result write). */
export const SETTLE_AFTER_MS = 15 * 60_000;
/** How long the process keeps trying to write a result the database refused. */
const RESULT_RETRY_MS = 10 * 60_000;

export interface IntentInput {
  requestId: string;
  userId: string;
  kind: "CONSOLE" | "CREDENTIALS";
  sessionName: string;
  sourceIdentity: string;
  durationSeconds: number;
}

/** In the caller's transaction (which holds the request's row lock): the intent, its audit event, its settle job. */
export async function recordIssuanceIntent(tx: Prisma.TransactionClient, input: IntentInput, now: Date): Promise<string> {
  const intent = await tx.issuanceIntent.create({ data: { ...input, createdAt: now } });
  await recordAuditEvent(
    tx,
    {
      actorId: input.userId,
      action: "access.issue-started",
      targetType: "issuance-intent",
      targetId: intent.id,
      requestId: input.requestId,
      data: { kind: input.kind, sessionName: input.sessionName, sourceIdentity: input.sourceIdentity, durationSeconds: input.durationSeconds },
    },
    now,
  );
  await queueJob(tx, {
    kind: ISSUANCE_SETTLE,
    key: `${ISSUANCE_SETTLE}:${intent.id}`,
    payload: { intentId: intent.id },
    runAt: new Date(now.getTime() + SETTLE_AFTER_MS),
  });
  return intent.id;
}

/** Marks an intent that ended without a session (STS refused, or the grant was revoked meanwhile). Best effort. */
export async function closeIssuanceIntent(deps: Pick<Deps, "db" | "now">, intentId: string, status: "FAILED" | "WITHHELD"): Promise<void> {
  await deps.db.issuanceIntent
    .updateMany({ where: { id: intentId, status: "PENDING" }, data: { status, settledAt: deps.now() } })
    .catch((error: unknown) => console.error(`[frontdesk] could not close issuance intent ${intentId}:`, error));
}

// Result writes still trying in the background (tests wait for them).
const inFlight = new Set<Promise<void>>();

/** Waits for every result write this process still has in flight. */
export async function settledResultWrites(): Promise<void> {
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
}

/**
 * Runs `write` (the result's transaction). A refusal (AppError, say a revocation that got there
 * first) is thrown; a database failure is retried a few times at once and then in the background,
 * and `false` returned: the session exists and is handed out all the same.
 */
export async function writeIssuanceResult(
  write: (handedOut: boolean) => Promise<void>,
  isRefusal: (error: unknown) => boolean,
  label: string,
): Promise<boolean> {
  const started = Date.now();
  let delay = 100;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      await write(false);
      return true;
    } catch (error) {
      if (isRefusal(error)) throw error;
      console.error(`[frontdesk] could not record ${label} (attempt ${attempt}); the session exists and is handed out:`, error);
      await pause(delay);
      delay *= 2;
    }
  }
  const background = (async () => {
    while (Date.now() - started < RESULT_RETRY_MS) {
      await pause(delay);
      delay = Math.min(delay * 2, 15_000);
      try {
        // The session was handed out by now: recorded as it happened, whatever changed since.
        await write(true);
        console.warn(`[frontdesk] recorded ${label} after the database came back.`);
        return;
      } catch (error) {
        if (isRefusal(error)) {
          console.error(`[frontdesk] ${label}: the grant was closed before the result could be recorded; the intent stays on record.`);
          return;
        }
      }
    }
    console.error(`[frontdesk] gave up recording ${label}; its intent is on record and will be marked unconfirmed.`);
  })();
  inFlight.add(background);
  void background.finally(() => inFlight.delete(background));
  return false;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function issuanceJobHandlers(deps: Deps): JobHandlers {
  return {
    [ISSUANCE_SETTLE]: {
      async run(payload) {
        const intentId = (payload as { intentId?: unknown } | null)?.intentId;
        if (typeof intentId !== "string") throw new Error("issuance.settle job without an intentId");
        const now = deps.now();
        await auditedTransaction(deps.db, async (tx) => {
          const changed = await tx.issuanceIntent.updateMany({ where: { id: intentId, status: "PENDING" }, data: { status: "UNCONFIRMED", settledAt: now } });
          if (changed.count === 0) return;
          const intent = await tx.issuanceIntent.findUniqueOrThrow({ where: { id: intentId } });
          await recordAuditEvent(
            tx,
            {
              actorId: null,
              action: "access.issue-unconfirmed",
              targetType: "issuance-intent",
              targetId: intent.id,
              requestId: intent.requestId,
              data: {
                kind: intent.kind,
                sessionName: intent.sessionName,
                sourceIdentity: intent.sourceIdentity,
                note: "AWS may have minted this session; search CloudTrail for the session name.",
              },
            },
            now,
          );
        });
      },
    },
  };
}
