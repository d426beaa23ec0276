// Test kit for /api/v1: the same dispatcher the Next route files call, behind a plain Node HTTP
// server on 127.0.0.1 (for the CLI), plus a direct fetch-like call and a signed-in device token.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { confirmDevice, redeemDeviceCode, startDeviceAuthorization } from "@/lib/api/device-flow";
import { handleApi } from "@/lib/api/v1/handle";
import type { Deps } from "@/lib/context";
import type { Actor } from "@/lib/policy/access";

export interface ApiServer {
  url: string;
  stop(): Promise<void>;
}

export async function startApiServer(deps: Deps): Promise<ApiServer> {
  let url = "";
  const server: Server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = chunks.length ? Buffer.concat(chunks) : undefined;
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === "string") headers.set(name, value);
    const abort = new AbortController();
    outgoing.on("close", () => abort.abort());
    const request = new Request(new URL(incoming.url ?? "/", url), {
      method: incoming.method,
      headers,
      body: incoming.method === "GET" ? undefined : body,
      signal: abort.signal,
    });
    const response = await handleApi(deps, request, { portalUrl: url });
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One API call straight into the dispatcher, as a route file would make it. */
export async function apiCall(deps: Deps, method: string, path: string, options: { token?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const request = new Request(`http://frontdesk.test${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const response = await handleApi(deps, request, { portalUrl: "http://frontdesk.test" });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, body: (await response.json()) as any };
}

/** A device signed in as this person through the device flow (the confirmation made by the use case). */
export async function deviceTokens(deps: Deps, actor: Actor, deviceName = "test laptop") {
  const started = await startDeviceAuthorization(deps, { deviceName, portalUrl: "http://frontdesk.test" });
  await confirmDevice(deps, { actor, userCode: started.user_code, approve: true });
  return redeemDeviceCode(deps, { deviceCode: started.device_code });
}
