// A loopback proxy in front of moto that fails requests on cue, speaking STS's Query-protocol
// error format (see the shared AWS reference, section 6.3) so the real SDK classifies and
// retries exactly as it would against AWS. Each request consumes one scripted fault; once the
// script runs out, requests pass through to moto unchanged.
import { randomUUID } from "node:crypto";
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from "node:http";

import { LOOPBACK, closeServer, listen } from "./net";

export type AwsFault =
  | { kind: "pass" }
  | { kind: "throttle" }
  | { kind: "status"; status: 500 | 503 }
  | { kind: "hang"; ms: number }
  | { kind: "error"; status: number; code: string; message: string };

/** One request the proxy saw. Never the body: it may carry credentials or a session policy. */
export interface ProxiedRequest {
  fault: AwsFault["kind"];
  action: string | null;
  /** The SDK's own count, from its amz-sdk-request header ("attempt=2; max=3"). */
  sdkAttempt: number | null;
  /** Same for every retry of one SDK call. */
  invocationId: string | null;
  /** Milliseconds since script() was called. */
  atMs: number;
}

export interface AwsFaultProxy {
  url: string;
  /** Replaces the fault queue and resets the request log. */
  script(faults: AwsFault[]): void;
  /** Requests seen since the last script() call. */
  attempts(): number;
  requests(): readonly ProxiedRequest[];
  stop(): Promise<void>;
}

const STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

// The codes and wording AWS uses for these (reference sections 1.3 and 1.4).
const SERVER_FAULTS = {
  500: { code: "InternalFailure", message: "The request processing has failed because of an unknown error, exception or failure." },
  503: { code: "ServiceUnavailable", message: "The request has failed due to a temporary failure of the server." },
} as const;

function xmlEscape(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function sendAwsError(res: ServerResponse, status: number, code: string, message: string): void {
  const requestId = randomUUID();
  const type = status >= 500 ? "Receiver" : "Sender";
  const body =
    `<ErrorResponse xmlns="${STS_NAMESPACE}"><Error><Type>${type}</Type><Code>${xmlEscape(code)}</Code>` +
    `<Message>${xmlEscape(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  // The SDK reads the request id from this header, not from the body.
  res.writeHead(status, { "content-type": "text/xml", "x-amzn-RequestId": requestId, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function describeRequest(req: IncomingMessage, body: Buffer): Pick<ProxiedRequest, "action" | "sdkAttempt" | "invocationId"> {
  const attempt = /attempt=(\d+)/.exec(String(req.headers["amz-sdk-request"] ?? ""));
  const invocation = req.headers["amz-sdk-invocation-id"];
  return {
    action: new URLSearchParams(body.toString("utf8")).get("Action"),
    sdkAttempt: attempt ? Number(attempt[1]) : null,
    invocationId: typeof invocation === "string" ? invocation : null,
  };
}

function passThrough(target: URL, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
  const upstream = forward({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on("error", () => {
    if (!res.headersSent) sendAwsError(res, 503, "ServiceUnavailable", "The fault proxy could not reach its target.");
    else res.destroy();
  });
  upstream.end(body);
}

export async function startAwsFaultProxy({ target, port = 0 }: { target: string; port?: number }): Promise<AwsFaultProxy> {
  const targetUrl = new URL(target);
  let queue: AwsFault[] = [];
  let log: ProxiedRequest[] = [];
  let scriptedAt = Date.now();
  // Held so stop() can cancel them: nothing may fire after the proxy has stopped.
  const hangs = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    void readBody(req).then(
      (body) => {
        const fault = queue.shift() ?? { kind: "pass" };
        log.push({ fault: fault.kind, ...describeRequest(req, body), atMs: Date.now() - scriptedAt });
        switch (fault.kind) {
          case "pass":
            return passThrough(targetUrl, req, body, res);
          case "throttle":
            return sendAwsError(res, 400, "Throttling", "Rate exceeded");
          case "status":
            return sendAwsError(res, fault.status, SERVER_FAULTS[fault.status].code, SERVER_FAULTS[fault.status].message);
          case "error":
            return sendAwsError(res, fault.status, fault.code, fault.message);
          case "hang": {
            // Past the client's timeout the client has given up; drop the connection silently.
            const timer = setTimeout(() => {
              hangs.delete(timer);
              res.destroy();
            }, fault.ms);
            hangs.add(timer);
            res.on("close", () => {
              clearTimeout(timer);
              hangs.delete(timer);
            });
            return;
          }
        }
      },
      () => res.destroy(),
    );
  });

  const boundPort = await listen(server, port, "AWS fault proxy");
  return {
    url: `http://${LOOPBACK}:${boundPort}`,
    script(faults) {
      queue = [...faults];
      log = [];
      scriptedAt = Date.now();
    },
    attempts: () => log.length,
    requests: () => log,
    async stop() {
      for (const timer of hangs) clearTimeout(timer);
      hangs.clear();
      await closeServer(server);
    },
  };
}
