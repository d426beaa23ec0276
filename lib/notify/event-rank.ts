// The order events happen in when they share a timestamp (one transaction reports several).
import type { RequestEventName } from "./request-events";

export const REQUEST_EVENT_RANK: Record<RequestEventName, number> = {
  created: 0,
  "break-glass": 1,
  "approval-recorded": 2,
  approved: 3,
  activated: 4,
  extended: 5,
  denied: 6,
  cancelled: 7,
  expired: 8,
  revoked: 9,
  ended: 10,
  "approvers-reminded": 11,
  escalated: 12,
  nudged: 13,
};
