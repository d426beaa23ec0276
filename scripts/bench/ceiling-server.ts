// The ceiling: a bare node:http + pg server doing what Frontdesk's create and approvals queue do
// at the database (the same request insert and the same queue read), with none of the framework,
// sign-in, validation or audit. Frontdesk's figures are reported as a share of this one's.
// Usage: tsx scripts/bench/ceiling-server.ts <port> <database url> <pool size>
import { randomUUID } from "node:crypto";
import http from "node:http";
import pg from "pg";
import { INSERT, QUEUE } from "./ceiling-sql";

const [port, url, poolSize] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, max: Number(poolSize ?? 20) });

const server = http.createServer((request, response) => {
  let body = "";
  request.on("data", (chunk: Buffer) => (body += chunk.toString()));
  request.on("end", () => {
    const answer = (status: number, value: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(value));
    };
    // The floor without a database: what a bare server costs per answer (Frontdesk's is /api/health).
    if (request.url === "/health") return answer(200, { status: "ok" });
    const work =
      request.method === "POST"
        ? (() => {
            const input = JSON.parse(body) as { requesterId: string; justification: string };
            return pool.query(INSERT, [randomUUID(), input.requesterId, input.justification]).then((r: pg.QueryResult) => answer(201, r.rows[0]));
          })()
        : pool.query(QUEUE).then((r: pg.QueryResult) => answer(200, r.rows));
    work.catch((error: unknown) => answer(500, { error: String(error) }));
  });
});
server.listen(Number(port), "127.0.0.1", () => console.log(`ceiling listening on ${port}`));
process.on("SIGTERM", () => server.close(() => void pool.end().then(() => process.exit(0))));
