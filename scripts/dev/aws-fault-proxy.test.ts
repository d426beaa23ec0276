import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startAwsFaultProxy, type AwsFaultProxy } from "./aws-fault-proxy";
import { LOOPBACK, answersHttp, assertPortFree, closeServer, listen } from "./net";

// A stand-in upstream: echoes what it received so pass-through can be checked byte for byte.
let upstream: Server;
let proxy: AwsFaultProxy;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "x-upstream": "yes" });
      res.end(JSON.stringify({ method: req.method, url: req.url, host: req.headers.host, body: Buffer.concat(chunks).toString() }));
    });
  });
  const port = await listen(upstream, 0, "echo upstream");
  proxy = await startAwsFaultProxy({ target: `http://${LOOPBACK}:${port}` });
});
afterAll(async () => {
  await proxy?.stop();
  await closeServer(upstream);
});

const post = (body = "Action=AssumeRole&Version=2011-06-15", headers: Record<string, string> = {}) =>
  fetch(`${proxy.url}/`, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", ...headers } });

describe("startAwsFaultProxy", () => {
  it("binds to 127.0.0.1", () => {
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("answers scripted faults in STS's error format, then passes through unchanged", async () => {
    proxy.script([
      { kind: "throttle" },
      { kind: "status", status: 500 },
      { kind: "status", status: 503 },
      { kind: "error", status: 403, code: "AccessDenied", message: "not authorized to perform: sts:TagSession <&>" },
    ]);

    const throttled = await post();
    expect(throttled.status).toBe(400);
    expect(throttled.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    const xml = await throttled.text();
    expect(xml).toMatch(
      /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>Throttling<\/Code><Message>Rate exceeded<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
    );

    const internal = await post();
    expect(internal.status).toBe(500);
    expect(await internal.text()).toMatch(/<Type>Receiver<\/Type><Code>InternalFailure<\/Code>/);
    const unavailable = await post();
    expect(unavailable.status).toBe(503);
    expect(await unavailable.text()).toContain("<Code>ServiceUnavailable</Code>");
    const denied = await post();
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain("<Code>AccessDenied</Code><Message>not authorized to perform: sts:TagSession &#60;&#38;&#62;</Message>");

    const passed = await post("Action=GetCallerIdentity&Version=2011-06-15");
    expect(passed.headers.get("x-upstream")).toBe("yes");
    expect(await passed.json()).toEqual({
      method: "POST",
      url: "/",
      host: new URL(proxy.url).host,
      body: "Action=GetCallerIdentity&Version=2011-06-15",
    });
    expect(proxy.attempts()).toBe(5);
    expect(proxy.requests().map((r) => r.fault)).toEqual(["throttle", "status", "status", "error", "pass"]);
  });

  it("records the SDK's attempt header and restarts the count with each script", async () => {
    proxy.script([]);
    await (await post(undefined, { "amz-sdk-request": "attempt=2; max=3", "amz-sdk-invocation-id": "inv-1" })).text();
    expect(proxy.requests()).toEqual([{ fault: "pass", action: "AssumeRole", sdkAttempt: 2, invocationId: "inv-1", atMs: expect.any(Number) }]);
    proxy.script([]);
    expect(proxy.attempts()).toBe(0);
  });

  it("holds a hung request past the client's patience without blocking the next one", async () => {
    proxy.script([{ kind: "hang", ms: 5_000 }]);
    const started = Date.now();
    const outcome = await fetch(`${proxy.url}/`, { method: "POST", body: "Action=AssumeRole", signal: AbortSignal.timeout(300) }).then(
      () => "answered",
      (error: Error) => error.name,
    );
    expect(outcome).toBe("TimeoutError");
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((await post()).status).toBe(200);
  });

  it("stops cleanly even with a request still hanging", async () => {
    const other = await startAwsFaultProxy({ target: "http://127.0.0.1:9" });
    other.script([{ kind: "hang", ms: 60_000 }]);
    const pending = fetch(`${other.url}/`, { method: "POST", body: "x" }).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const port = Number(new URL(other.url).port);
    await other.stop();
    expect(await pending).toBeInstanceOf(Error);
    expect(await answersHttp(other.url, 300)).toBe(false);
    await expect(assertPortFree(port, "fault proxy")).resolves.toBeUndefined();
  });

  it("answers 503 when its target is down", async () => {
    const orphan = await startAwsFaultProxy({ target: "http://127.0.0.1:9" });
    try {
      const response = await fetch(`${orphan.url}/`, { method: "POST", body: "x" });
      expect(response.status).toBe(503);
      expect(await response.text()).toContain("<Code>ServiceUnavailable</Code>");
    } finally {
      await orphan.stop();
    }
  });
});
