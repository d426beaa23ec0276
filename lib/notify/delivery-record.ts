// Exactly-once sends where the channel allows it. Before a send, a DeliveryRecord (SENDING) is
// committed under the delivery's key; after it, the record is marked SENT, retried in-process for
// as long as the database is away (an outage at the moment of the send no longer sends twice).
// A later run that finds SENT sends nothing. One that finds SENDING knows a send may have happened
// without being confirmed: it first waits a grace period without using up attempts (the runner
// that sent may still be confirming), then sends again with the same Message-ID. That last case
// (a process that died between the send and its confirmation) is the residual at-least-once window.
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { auditedTransaction } from "@/lib/audit/record-audit-event";
import { RetryLater } from "@/lib/jobs/retry-later";

/** How long a send in doubt is left to the runner that made it before it is sent again. */
export const IN_DOUBT_GRACE_MS = 30_000;
/** How long a runner keeps trying to confirm a send it made. */
const CONFIRM_FOR_MS = 10 * 60_000;

export interface SendOnceOptions {
  db: PrismaClient;
  now: () => Date;
  key: string;
  graceMs?: number;
  /** How long between confirmation attempts while the database is away. */
  confirmRetryMs?: number;
}

export type SendOutcome = "sent" | "already-sent" | "resent-in-doubt";

/**
 * Sends once per key. `afterSend` runs in the transaction that marks the send SENT (to keep, say,
 * the Slack message's ts with it). A failed send (the channel refused) clears the record: nothing
 * went out, a retry is a first send.
 */
export async function sendOnce<T>(
  options: SendOnceOptions,
  send: () => Promise<T>,
  afterSend?: (tx: Prisma.TransactionClient, result: T) => Promise<void>,
): Promise<SendOutcome> {
  const { db, now, key } = options;
  const graceMs = options.graceMs ?? IN_DOUBT_GRACE_MS;
  const existing = await db.deliveryRecord.findUnique({ where: { key } });
  let inDoubt = false;
  if (existing?.status === "SENT") return "already-sent";
  if (existing) {
    // SENDING: a send that was never confirmed. Its runner may be confirming right now.
    const since = existing.inDoubtSince ?? now();
    if (!existing.inDoubtSince) await db.deliveryRecord.updateMany({ where: { key, inDoubtSince: null }, data: { inDoubtSince: since } });
    const waited = now().getTime() - since.getTime();
    if (waited < graceMs) {
      throw new RetryLater(graceMs - waited, "A previous send of this message was not confirmed; waiting for its runner before sending it again.");
    }
    inDoubt = true;
    await db.deliveryRecord.update({ where: { key }, data: { attempts: { increment: 1 }, startedAt: now(), inDoubtSince: null } });
  } else {
    const created = await db.deliveryRecord.createMany({ data: [{ key, status: "SENDING", startedAt: now() }], skipDuplicates: true });
    if (created.count === 0) throw new RetryLater(1_000, "Another runner is sending this message.");
  }

  let result: T;
  try {
    result = await send();
  } catch (error) {
    // The channel said no: nothing was sent. (If the database is away too, the record stays in
    // doubt and the next run waits out the grace period before trying again: slower, never double.)
    await db.deliveryRecord.deleteMany({ where: { key, status: "SENDING" } }).catch(() => {});
    throw error;
  }
  await confirm(options, async (tx) => {
    await tx.deliveryRecord.update({ where: { key }, data: { status: "SENT", sentAt: now(), inDoubtSince: null } });
    if (afterSend) await afterSend(tx, result);
  });
  return inDoubt ? "resent-in-doubt" : "sent";
}

async function confirm(options: SendOnceOptions, write: (tx: Prisma.TransactionClient) => Promise<void>): Promise<void> {
  const started = Date.now();
  let delay = options.confirmRetryMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      await auditedTransaction(options.db, write);
      if (attempt > 1) console.warn(`[frontdesk] delivery ${options.key} confirmed after ${attempt} attempts.`);
      return;
    } catch (error) {
      if (Date.now() - started > CONFIRM_FOR_MS) throw error;
      if (attempt === 1) console.warn(`[frontdesk] delivery ${options.key} was sent but cannot be confirmed yet (database unavailable); retrying.`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 2_000);
    }
  }
}
