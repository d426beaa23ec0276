// Small networking helpers shared by the development stand-ins and the demo launcher.
// Everything binds to 127.0.0.1: these servers hold demo credentials and must never be
// reachable from another machine.
import { createServer, type Server as NetServer } from "node:net";
import type { Server as HttpServer } from "node:http";

export const LOOPBACK = "127.0.0.1";

export class PortInUseError extends Error {
  override name = "PortInUseError";
  constructor(
    readonly port: number,
    label: string,
  ) {
    super(`Port ${port} (${label}) is already in use on ${LOOPBACK}. Stop whatever is using it or choose another port.`);
  }
}

function listenOnce(server: NetServer | HttpServer, port: number, label: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === "EADDRINUSE" || error.code === "EACCES" ? new PortInUseError(port, label) : error);
    };
    server.once("error", onError);
    server.listen({ port, host: LOOPBACK, exclusive: true }, () => {
      server.off("error", onError);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

/** Binds an HTTP server to 127.0.0.1 and returns the actual port (useful with port 0). */
export function listen(server: HttpServer, port: number, label: string): Promise<number> {
  return listenOnce(server, port, label);
}

/** Closes a server, dropping idle keep-alive connections so close() does not hang. */
export function closeServer(server: HttpServer): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Throws PortInUseError when the port cannot be bound on 127.0.0.1 right now. */
export async function assertPortFree(port: number, label: string): Promise<void> {
  const probe = createServer();
  await listenOnce(probe, port, label);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}

/** A port that was free a moment ago: for child processes that cannot report the port they bound. */
export async function findFreePort(): Promise<number> {
  const probe = createServer();
  const port = await listenOnce(probe, 0, "free port probe");
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** True when something answers HTTP at the URL (any status). */
export async function answersHttp(url: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

/**
 * Polls `probe` until it returns true. Bounded: throws a clear error naming `what` after
 * `timeoutMs`, or as soon as `failed()` reports a reason (e.g. the process being waited on exited).
 */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; failed?: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const failure = options.failed?.();
    if (failure) throw new Error(`${what} failed: ${failure}`);
    if (await probe()) return;
    if (Date.now() > deadline) {
      throw new Error(`${what} did not become ready within ${Math.round(options.timeoutMs / 1000)} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}
