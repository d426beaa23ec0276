// A pass-through in front of moto's STS that keeps the form bodies of the federated calls, so the
// spec can check what the app really sent: the web-identity tokens against the JWKS the app
// serves, the SAML assertions against its metadata.
import { createServer, request } from "node:http";
import { closeServer, listen, LOOPBACK } from "../scripts/dev/net";

export interface StsRecorder {
  url: string;
  /** Every call's form fields, in order. */
  calls: URLSearchParams[];
  stop(): Promise<void>;
}

export async function startStsRecorder({ port, target }: { port: number; target: string }): Promise<StsRecorder> {
  const upstream = new URL(target);
  const calls: URLSearchParams[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const body = Buffer.concat(chunks);
      calls.push(new URLSearchParams(body.toString("utf8")));
      const proxied = request(
        { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (response) => {
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(outgoing);
        },
      );
      proxied.on("error", () => outgoing.destroy());
      proxied.end(body);
    });
  });
  const bound = await listen(server, port, "STS recorder (e2e)");
  return { url: `http://${LOOPBACK}:${bound}`, calls, stop: () => closeServer(server) };
}
