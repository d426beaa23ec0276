// Where a request's notifications stand in line: every job about one request (its fan-outs and
// deliveries) shares a group, each channel target is a lane, and the key is the event's time and
// place in the lifecycle. The outbox runs a lane's jobs in key order, on any number of instances.
import { REQUEST_EVENT_RANK } from "./event-rank";
import type { RequestEventName } from "./request-events";

export function notifyOrderGroup(requestId: string): string {
  return `notify:${requestId}`;
}

/** Time in ms, then the lifecycle's order for events of the same instant; 31 is "after all of them". */
export function eventOrderKey(event: { at: Date; event: RequestEventName | "reminder" }): bigint {
  const rank = event.event === "reminder" ? 31 : REQUEST_EVENT_RANK[event.event];
  return BigInt(event.at.getTime()) * 32n + BigInt(rank);
}

export const lanes = {
  slackMessage: (targetKey: string) => `slack:${targetKey}`,
  slackRequester: "slack:requester",
  mail: (to: string) => `mail:${to.toLowerCase()}`,
  /** The one message per event to a rule's approvers and list (an address always has an @). */
  mailApprovers: "mail:approvers",
};
