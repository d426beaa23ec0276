// A switchable pass-through in front of moto's IAM, so a spec can take IAM "down" for the
// running app and bring it back: while closed, every connection is cut, as in an outage.
import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import { closeServer, listen, LOOPBACK } from "../scripts/dev/net";

import { E2E_IAM_GATE_PORT } from "./ports";

export { E2E_IAM_GATE_PORT };
export const E2E_IAM_GATE_URL = `http://${LOOPBACK}:${E2E_IAM_GATE_PORT}`;
const CONTROL = "/__gate/";

export interface IamGate {
  url: string;
  stop(): Promise<void>;
}

export async function startIamGate({ port, target }: { port: number; target: string }): Promise<IamGate> {
  let open = true;
  const upstream = new URL(target);

  const forward = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const proxied = request(
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    proxied.on("error", () => outgoing.destroy());
    incoming.pipe(proxied);
  };

  const server = createServer((incoming, outgoing) => {
    if (incoming.url?.startsWith(CONTROL) && incoming.method === "POST") {
      open = incoming.url === `${CONTROL}open`;
      outgoing.writeHead(204).end();
      return;
    }
    if (!open) {
      incoming.socket.destroy();
      return;
    }
    forward(incoming, outgoing);
  });
  const bound = await listen(server, port, "IAM gate (e2e)");
  return { url: `http://${LOOPBACK}:${bound}`, stop: () => closeServer(server) };
}

/** Opens or closes the gate of the e2e stack, from a spec. */
export async function setIamReachable(reachable: boolean): Promise<void> {
  const response = await fetch(`${E2E_IAM_GATE_URL}${CONTROL}${reachable ? "open" : "close"}`, { method: "POST" });
  if (response.status !== 204) throw new Error(`The IAM gate answered ${response.status}`);
}
