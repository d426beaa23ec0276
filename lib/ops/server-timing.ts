// Per-request accounting for the Server-Timing response header (FRONTDESK_SERVER_TIMING=true):
// how many SQL statements a request ran and how long it waited on outside services (AWS, Slack,
// mail). It separates Frontdesk's own time from AWS's in load tests, and shows in the browser's
// network panel what a page costs. Off by default: the counts say something about the internals.
import { AsyncLocalStorage } from "node:async_hooks";

interface RequestCosts {
  statements: number;
  /** Milliseconds spent in calls to each outside service. */
  outside: Map<string, number>;
}

const current = new AsyncLocalStorage<RequestCosts>();

/** Runs `work` with its own counters; `header` gets the Server-Timing value once it is done. */
export async function withRequestCosts<T>(work: () => Promise<T>): Promise<{ result: T; header: string }> {
  const costs: RequestCosts = { statements: 0, outside: new Map() };
  const started = performance.now();
  const result = await current.run(costs, work);
  const total = performance.now() - started;
  const parts = [`total;dur=${total.toFixed(1)}`, `db;desc="statements";dur=${costs.statements}`];
  for (const [service, ms] of costs.outside) parts.push(`${service};dur=${ms.toFixed(1)}`);
  return { result, header: parts.join(", ") };
}

export function countStatement(): void {
  const costs = current.getStore();
  if (costs) costs.statements++;
}

export function addOutsideTime(service: string, ms: number): void {
  const costs = current.getStore();
  if (costs) costs.outside.set(service, (costs.outside.get(service) ?? 0) + ms);
}
