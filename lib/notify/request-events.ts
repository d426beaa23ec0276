// What happened to a request, as the notification channels hear about it. Use cases call
// notifyRequestEvent inside the transaction that makes the change, so a notification exists
// exactly when its change committed; delivery happens later, through the outbox.
import type { Prisma } from "@/lib/generated/prisma/client";

export const REQUEST_EVENTS = [
  "created",
  "approval-recorded",
  "approved",
  "activated",
  "denied",
  "cancelled",
  "expired",
  "revoked",
  "ended",
  "break-glass",
  "extended",
] as const;
export type RequestEventName = (typeof REQUEST_EVENTS)[number];

export interface RequestEvent {
  requestId: string;
  event: RequestEventName;
  /** Who did it; null for the clock (expiry, end of window). */
  actorId: string | null;
  at: Date;
}

export async function notifyRequestEvent(_tx: Prisma.TransactionClient, _event: RequestEvent): Promise<void> {
  // Delivery is wired in by the notification channels (Slack, email).
}
