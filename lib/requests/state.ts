// The request lifecycle as a map. Terminal states never change.
import type { RequestStatus } from "@/lib/generated/prisma/enums";

export const TRANSITIONS: Record<RequestStatus, readonly RequestStatus[]> = {
  // A request that starts now passes through APPROVED to ACTIVE in the same transaction.
  PENDING: ["APPROVED", "DENIED", "CANCELLED", "EXPIRED"],
  APPROVED: ["ACTIVE", "REVOKED", "ENDED"],
  ACTIVE: ["ENDED", "REVOKED"],
  ENDED: [],
  DENIED: [],
  CANCELLED: [],
  EXPIRED: [],
  REVOKED: [],
};

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isTerminal(status: RequestStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

/**
 * The status a person should see now. An ACTIVE grant whose window has passed has ended even
 * before a background job records it.
 */
export function effectiveStatus(request: { status: RequestStatus; endsAt: Date | null }, now: Date): RequestStatus {
  if ((request.status === "ACTIVE" || request.status === "APPROVED") && request.endsAt && request.endsAt <= now) {
    return "ENDED";
  }
  return request.status;
}

/** Whether the requester may mint credentials now. */
export function isWindowOpen(request: { status: RequestStatus; startsAt: Date | null; endsAt: Date | null }, now: Date): boolean {
  return request.status === "ACTIVE" && request.startsAt !== null && request.endsAt !== null && request.startsAt <= now && now < request.endsAt;
}

/** Whether a request's requester is offered "Request again": it is over, and it asked for a role (not more time). */
export function canAskAgain(request: { status: RequestStatus; kind: string }): boolean {
  return isTerminal(request.status) && request.kind !== "EXTENSION";
}
