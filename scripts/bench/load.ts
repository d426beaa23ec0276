// A small closed-loop load generator: `connections` workers, each on its own keep-alive socket,
// sending the next request as soon as the last one answered, for `seconds`. node:http rather than
// fetch or autocannon: it shares the machine's two cores with the servers under test, and a plain
// http.request with a keep-alive agent is the cheapest client Node has (no extra dependency).
import http from "node:http";

export interface Call {
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Answer {
  status: number;
  ms: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
}

export function send(port: number, call: Call, agent?: http.Agent): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port,
        method: call.method,
        path: call.path,
        agent,
        headers: { ...call.headers, ...(call.body ? { "content-type": "application/json" } : {}) },
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, ms: performance.now() - started, headers: response.headers, body }));
      },
    );
    request.on("error", reject);
    request.end(call.body);
  });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** `next()` gives each worker its next call (null: this worker stops). */
export async function runLoad(port: number, connections: number, seconds: number, next: () => Call | null): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const call = next();
        if (!call) return;
        const answer = await send(port, call, agent).catch(() => ({ status: 0, ms: 0 }));
        latencies.push(answer.ms);
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), statuses };
}
