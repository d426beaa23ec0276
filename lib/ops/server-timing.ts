// Per-request accounting for the Server-Timing response header (FRONTDESK_SERVER_TIMING=true):
// how many SQL statements a request ran and how long it waited on outside services (AWS, Slack,
// mail). It separates Frontdesk's own time from AWS's in load tests, and shows in the browser's
// network panel what a page costs. Off by default: the counts say something about the internals.
import { AsyncLocalStorage } from "node:async_hooks";
import type { ServerResponse } from "node:http";

interface RequestCosts {
  started: number;
  statements: number;
  /** Milliseconds spent in calls to each outside service. */
  outside: Map<string, number>;
}

// One store per process, not one per Next bundle: the pool that counts is created by whichever
// bundle opened the database first, and the route that reads the count is usually another one.
const store = globalThis as typeof globalThis & { __frontdeskRequestCosts?: AsyncLocalStorage<RequestCosts> };
const current: AsyncLocalStorage<RequestCosts> = (store.__frontdeskRequestCosts ??= new AsyncLocalStorage<RequestCosts>());

const fresh = (): RequestCosts => ({ started: performance.now(), statements: 0, outside: new Map() });

function header(costs: RequestCosts): string {
  const parts = [`total;dur=${(performance.now() - costs.started).toFixed(1)}`, `db;desc="statements";dur=${costs.statements}`];
  for (const [service, ms] of costs.outside) parts.push(`${service};dur=${ms.toFixed(1)}`);
  return parts.join(", ");
}

/** Runs `work` with its own counters; `header` gets the Server-Timing value once it is done. */
export async function withRequestCosts<T>(work: () => Promise<T>): Promise<{ result: T; header: string }> {
  const costs = fresh();
  const result = await current.run(costs, work);
  return { result, header: header(costs) };
}

/**
 * For every HTTP request (pages included), from the HTTP observer: counters for what runs in this
 * context from now on, and a Server-Timing header added as the response's head is written, unless
 * the handler set its own. A page that streams after its head leaves its later statements out.
 */
export function countResponseCosts(response: ServerResponse): void {
  const costs = fresh();
  current.enterWith(costs);
  const writeHead = response.writeHead;
  response.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    if (!this.headersSent && !this.hasHeader("server-timing")) this.setHeader("Server-Timing", header(costs));
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse["writeHead"];
}

export function countStatement(): void {
  const costs = current.getStore();
  if (costs) costs.statements++;
}

export function addOutsideTime(service: string, ms: number): void {
  const costs = current.getStore();
  if (costs) costs.outside.set(service, (costs.outside.get(service) ?? 0) + ms);
}
