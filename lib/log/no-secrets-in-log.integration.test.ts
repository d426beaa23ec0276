// A minted AWS secret never reaches the log: credentials are issued through an observed HTTP
// request (request id, actor id, one line per request), jobs run, and everything logged at the
// most verbose level, console output included, is searched for the secret.
import { createServer, type Server } from "node:http";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueCredentials } from "@/lib/access/issue-access";
import { runJobsOnce } from "@/lib/jobs/start-job-loop";
import { instrumentAwsGateway } from "@/lib/ops/instrument";
import { observeHttp } from "@/lib/ops/http-observer";
import type { Actor } from "@/lib/policy/access";
import { createRequest } from "@/lib/requests/create-request";
import { decideRequest } from "@/lib/requests/decide-request";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { bridgeConsoleToLog } from "./console-bridge";
import { noteActor } from "./context";
import { createLogger, log, replaceLogger } from "./logger";

let h: Harness;
let alice: Actor;
let bob: Actor;
let server: Server;
let baseUrl: string;
const lines: string[] = [];

beforeAll(async () => {
  h = await createHarness();
  h.aws = instrumentAwsGateway(h.aws);
  alice = await h.person("alice", ["engineering"]);
  bob = await h.person("bob", ["security"]);
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  replaceLogger(createLogger(sink, "trace"));
  bridgeConsoleToLog();
  observeHttp();
  // Stands in for the credentials route: resolve the person, call the use case, answer JSON.
  server = createServer((req, res) => {
    const requestId = req.url?.split("/")[3] ?? "";
    noteActor(alice.id);
    issueCredentials(h, { actor: alice, requestId }).then(
      (credentials) => {
        res.setHeader("Content-Type", "application/json");
        res.end(JSON.stringify(credentials));
      },
      (error: unknown) => {
        console.error("credentials failed:", error);
        res.statusCode = 500;
        res.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await h?.close();
});

describe("the log", () => {
  it("never contains a minted secret, and carries request id and actor id on one line per request", async () => {
    const request = await createRequest(h, { actor: alice, input: { roleId: "dev", justification: "Rotate keys", durationMinutes: 60 } });
    await decideRequest(h, { actor: bob, requestId: request.id, decision: "APPROVE" });

    const response = await fetch(`${baseUrl}/api/requests/${request.id}/credentials`, { headers: { "X-Request-Id": "trace-0123456789" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("trace-0123456789");
    const credentials = (await response.json()) as { secretAccessKey: string; sessionToken: string; accessKeyId: string };
    expect(credentials.secretAccessKey.length).toBeGreaterThan(10);

    // Whatever the code might log about it, at any level, console included.
    await runJobsOnce(h);
    log().trace({ credentials }, "issued");
    log().debug({ aws: { secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken } }, "issued");
    log().info({ detail: { result: { Credentials: { SecretAccessKey: credentials.secretAccessKey } } } }, "sdk result");

    const text = lines.join("\n");
    expect(lines.length).toBeGreaterThan(3);
    expect(text).not.toContain(credentials.secretAccessKey);
    expect(text).not.toContain(credentials.sessionToken);
    // Every line is JSON with a level and a time.
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const entry of parsed) expect(entry).toMatchObject({ level: expect.any(String), time: expect.any(String) });
    expect(parsed).toContainEqual(
      expect.objectContaining({ msg: "request", reqId: "trace-0123456789", actorId: alice.id, route: "/api/requests/[id]/credentials", status: 200 }),
    );
    // Job lines: one per attempt, with kind and outcome.
    expect(parsed.some((entry) => entry.msg === "job done" && typeof (entry.job as { kind?: unknown })?.kind === "string")).toBe(true);
  });
});
