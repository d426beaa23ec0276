// Watches this process's HTTP server through Node's diagnostics channels, without wrapping
// Next.js: every request gets an id (X-Request-Id, kept from the client when well-formed) and a
// context its log lines carry; when it finishes, one log line and the latency metric by route.
// The shutdown code uses the same view: the servers to close and the requests still running.
import { randomUUID } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { requestContext, type RequestContext } from "@/lib/log/context";
import { log } from "@/lib/log/logger";
import { metrics } from "./metrics";
import { routeOf } from "./route-pattern";
import { countResponseCosts } from "./server-timing";

interface ObserverState {
  installed: boolean;
  servers: Set<Server>;
  inFlight: Map<ServerResponse, { context: RequestContext; started: number; method: string; path: string }>;
  closing: boolean;
  onIdle: Set<() => void>;
  /** FRONTDESK_SERVER_TIMING: each response says what it cost (lib/ops/server-timing.ts). */
  serverTiming?: boolean;
}

const store = globalThis as typeof globalThis & { __frontdeskHttpObserver?: ObserverState };
const state: ObserverState = (store.__frontdeskHttpObserver ??= {
  installed: false,
  servers: new Set(),
  inFlight: new Map(),
  closing: false,
  onIdle: new Set(),
});

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
// Health, readiness and metrics scrapes are frequent and uninteresting: measured, not logged.
const QUIET = new Set(["/api/health", "/api/ready", "/api/metrics"]);

interface ServerMessage {
  request: IncomingMessage;
  response: ServerResponse;
  server: Server;
}

/** Turns the Server-Timing header on every response on or off (boot reads the setting). */
export function countRequestCosts(on: boolean): void {
  state.serverTiming = on;
}

export function observeHttp(): void {
  if (state.installed) return;
  state.installed = true;
  subscribe("http.server.request.start", (message) => {
    const { request, response, server } = message as ServerMessage;
    if (!state.servers.has(server)) {
      state.servers.add(server);
      if (state.closing) closeServer(server);
    }
    const given = request.headers["x-request-id"];
    const requestId = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const context: RequestContext = { requestId, route: routeOf(path) };
    response.setHeader("X-Request-Id", requestId);
    // Shutting down: answer this one, then let the client reconnect elsewhere.
    if (state.closing) response.setHeader("Connection", "close");
    state.inFlight.set(response, { context, started: performance.now(), method: request.method ?? "GET", path });
    // The request's handler runs next, synchronously, in this same context.
    requestContext.enterWith(context);
    if (state.serverTiming) countResponseCosts(response);
  });
  subscribe("http.server.response.finish", (message) => {
    const { response } = message as ServerMessage;
    const entry = state.inFlight.get(response);
    if (!entry) return;
    finished(response, entry, response.statusCode);
  });
}

function finished(response: ServerResponse, entry: NonNullable<ReturnType<typeof state.inFlight.get>>, status: number): void {
  state.inFlight.delete(response);
  const seconds = (performance.now() - entry.started) / 1000;
  // Unknown paths (scanners) would each make a label of their own.
  const route = status === 404 ? "(unmatched)" : (entry.context.route ?? "other");
  metrics().httpDuration.observe({ route, method: entry.method, status: String(status) }, seconds);
  if (!QUIET.has(route)) {
    log().info(
      {
        reqId: entry.context.requestId,
        ...(entry.context.actorId ? { actorId: entry.context.actorId } : {}),
        method: entry.method,
        route,
        status,
        durationMs: Math.round(seconds * 1000),
      },
      "request",
    );
  }
  if (state.inFlight.size === 0) {
    const waiting = [...state.onIdle];
    state.onIdle.clear();
    for (const resolve of waiting) resolve();
  }
}

export function requestsInFlight(): number {
  // A client that went away never gets its "finish": drop those, they are not running any more.
  for (const [response, entry] of state.inFlight) if (response.destroyed && !response.writableFinished) finished(response, entry, 499);
  return state.inFlight.size;
}

/** Resolves when no request is running (at once if none is). */
export function whenNoRequestRuns(): Promise<void> {
  if (requestsInFlight() === 0) return Promise.resolve();
  return new Promise((resolve) => state.onIdle.add(resolve));
}

function closeServer(server: Server): void {
  // Stops accepting connections and closes idle keep-alive ones; running requests finish.
  server.close();
  server.closeIdleConnections();
}

/** Shutdown: no new connections; running requests are answered with `Connection: close`. */
export function stopAcceptingRequests(): void {
  state.closing = true;
  for (const server of state.servers) closeServer(server);
}
