// Whether this process is shutting down (readiness turns false at once, so load balancers stop
// sending it traffic while it finishes what it has).
const store = globalThis as typeof globalThis & { __frontdeskShuttingDown?: boolean };

export function isShuttingDown(): boolean {
  return store.__frontdeskShuttingDown === true;
}

export function markShuttingDown(): void {
  store.__frontdeskShuttingDown = true;
}
