// The counter that open pages follow: it moves with every request event, across whatever instance
// made the change (it is the shared database), and only people who may see a request can follow it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/policy/access";
import { createRequest } from "@/lib/requests/create-request";
import { decideRequest } from "@/lib/requests/decide-request";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { changeCounter, liveTopicFor } from "./change-counter";
import { changeStream } from "./change-stream";

let h: Harness;
let alice: Actor;
let bob: Actor;
let mallory: Actor;

beforeAll(async () => {
  h = await createHarness({ withMoto: false });
  alice = await h.person("alice", ["engineering"]);
  bob = await h.person("bob", ["security"]);
  mallory = await h.person("mallory", ["engineering"]);
});
afterAll(() => h.close());

const ask = (actor: Actor = alice) => createRequest(h, { actor, input: { roleId: "dev", justification: "Live pages under test", durationMinutes: 60 } });

describe("change counter", () => {
  it("moves when a request is decided, for that request and for the list", async () => {
    const request = await ask();
    const topic = await liveTopicFor(h, bob, request.id);
    expect(topic).toEqual({ kind: "request", requestId: request.id });
    const before = await changeCounter(h, topic!);
    const listBefore = await changeCounter(h, { kind: "requests" });
    await decideRequest(h, { actor: bob, requestId: request.id, decision: "DENY", comment: "Not now" });
    expect(BigInt(await changeCounter(h, topic!))).toBeGreaterThan(BigInt(before));
    expect(BigInt(await changeCounter(h, { kind: "requests" }))).toBeGreaterThan(BigInt(listBefore));
  });

  it("is not found for someone who may not see the request, or for an unknown id", async () => {
    const request = await ask();
    expect(await liveTopicFor(h, mallory, request.id)).toBeNull();
    expect(await liveTopicFor(h, alice, "no-such-request")).toBeNull();
    expect(await liveTopicFor(h, alice, "x".repeat(65))).toBeNull();
  });

  it("streams a change event when another writer decides", async () => {
    const request = await ask(await h.person("carol", ["engineering"]));
    const abort = new AbortController();
    const stream = changeStream(h, { kind: "request", requestId: request.id }, abort.signal, { pollMs: 20, heartbeatMs: 10_000, lifetimeMs: 10_000 });
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    const first = decoder.decode((await reader.read()).value);
    expect(first).toContain("event: ready");
    await decideRequest(h, { actor: bob, requestId: request.id, decision: "DENY", comment: "Not today" });
    let text = "";
    while (!text.includes("event: change")) text += decoder.decode((await reader.read()).value);
    abort.abort();
    expect((await reader.read()).done).toBe(true);
  });

  it("follows the outbox for the notifications page, which only admins may follow", async () => {
    expect(await liveTopicFor(h, alice, null, "notifications")).toBeNull();
    expect(await liveTopicFor(h, bob, null, "notifications")).toBeNull();
    expect(await liveTopicFor(h, alice, null, "something-else")).toBeNull();
    const root = await h.person("root", ["admins"]);
    const topic = await liveTopicFor(h, root, null, "notifications");
    expect(topic).toEqual({ kind: "notifications" });

    const before = await changeCounter(h, topic!);
    const request = await ask(await h.person("dave", ["engineering"]));
    // The new request queued its notification: the page's list changed.
    const queued = await changeCounter(h, topic!);
    expect(queued).not.toBe(before);
    // The deliveries go out: the list changes again.
    const jobs = await h.db.job.findMany({ where: { status: "PENDING" }, select: { id: true, payload: true } });
    const mine = jobs.filter((j) => (j.payload as { requestId?: string }).requestId === request.id).map((j) => j.id);
    expect(mine.length).toBeGreaterThan(0);
    await h.db.job.updateMany({ where: { id: { in: mine } }, data: { status: "DONE", doneAt: new Date() } });
    const delivered = await changeCounter(h, topic!);
    expect(delivered).not.toBe(queued);
    // Nothing happening: nothing to say.
    expect(await changeCounter(h, topic!)).toBe(delivered);
    // A message queued and delivered between two looks still moves it (the page's delivered count did).
    await h.db.job.create({ data: { kind: "mail.send", status: "DONE", doneAt: h.now(), payload: {} } });
    expect(await changeCounter(h, topic!)).not.toBe(delivered);
  });
});
