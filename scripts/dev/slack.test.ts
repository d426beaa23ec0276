// The Slack stand-in speaks Slack's wire format, and Frontdesk's client reads it (and its faults)
// the way it would read Slack's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackApi, SlackCallError } from "@/lib/slack/client";
import { startSlackStandIn, type SlackStandIn } from "./slack";

const TOKEN = "xoxb-stand-in-test";
let slack: SlackStandIn;

beforeAll(async () => {
  slack = await startSlackStandIn({ port: 0, token: TOKEN, users: { "bob@example.com": "U0BOB00001" } });
});
afterAll(() => slack.stop());

const post = (method: string, body: string, headers: Record<string, string>) =>
  fetch(`${slack.apiUrl}${method}`, { method: "POST", body, headers }).then(async (r) => ({
    status: r.status,
    json: (await r.json()) as Record<string, unknown>,
  }));

describe("Slack stand-in", () => {
  it("accepts form and JSON bodies with a bearer token, and answers ok/error JSON with HTTP 200", async () => {
    const form = await post("chat.postMessage", new URLSearchParams({ channel: "#approvals", text: "hi" }).toString(), {
      authorization: `Bearer ${TOKEN}`,
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(form).toMatchObject({ status: 200, json: { ok: true, channel: slack.channelId("#approvals") } });
    expect(form.json.ts).toMatch(/^\d+\.\d{6}$/);
    const json = await post("chat.update", JSON.stringify({ channel: form.json.channel, ts: form.json.ts, text: "edited" }), {
      authorization: `Bearer ${TOKEN}`,
      "content-type": "application/json; charset=utf-8",
    });
    expect(json).toEqual({ status: 200, json: { ok: true, channel: form.json.channel, ts: form.json.ts, text: "edited" } });
    expect(slack.messages.at(-1)).toMatchObject({ text: "edited", history: [{ text: "hi" }] });
  });

  it("checks the token and Slack's own rules", async () => {
    const headers = { "content-type": "application/x-www-form-urlencoded" };
    expect((await post("chat.postMessage", "channel=x&text=y", headers)).json).toEqual({ ok: false, error: "not_authed" });
    expect((await post("chat.postMessage", "channel=x&text=y", { ...headers, authorization: "Bearer xoxb-wrong" })).json).toEqual({
      ok: false,
      error: "invalid_auth",
    });
    const auth = { ...headers, authorization: `Bearer ${TOKEN}` };
    expect((await post("chat.postMessage", "channel=x", auth)).json).toEqual({ ok: false, error: "no_text" });
    expect((await post("chat.update", "channel=%23approvals&ts=1.2&text=z", auth)).json).toEqual({ ok: false, error: "channel_not_found" });
    expect((await post("users.lookupByEmail", "email=nobody%40example.com", auth)).json).toEqual({ ok: false, error: "users_not_found" });
    expect(slack.calls.every((c) => !JSON.stringify(c).includes(TOKEN))).toBe(true);
  });

  it("plays rate limiting and outages, which the client reports without retrying", async () => {
    const api = createSlackApi({ token: TOKEN, apiUrl: slack.apiUrl });
    const before = slack.calls.length;
    slack.fail({ status: 429, retryAfterSeconds: 30 }, 1);
    const limited = await api.postMessage("#approvals", { text: "x" }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(SlackCallError);
    expect(limited).toMatchObject({ retryAfterSeconds: 30, retryable: true });
    slack.fail({ status: 503 }, 1);
    const down = await api.postMessage("#approvals", { text: "x" }).catch((e: unknown) => e);
    expect(down).toMatchObject({ message: "Slack answered HTTP 503 to chat.postMessage.", retryAfterSeconds: null, retryable: true });
    // One call each: the WebClient made no retries of its own.
    expect(slack.calls.length - before).toBe(2);
    const refused = await api.update("C000000000", "1.1", { text: "x" }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ slackError: "message_not_found", retryable: false });
    expect(await api.lookupByEmail("bob@example.com")).toBe("U0BOB00001");
    expect(await api.lookupByEmail("nobody@example.com")).toBeNull();
    expect(await api.openDm("U0BOB00001")).toBe("D0BOB00001");
  });

  it("shows what was posted on a page", async () => {
    const html = await (await fetch(slack.pageUrl)).text();
    expect(html).toContain("Slack stand-in");
    expect(html).toContain("edited");
  });
});
