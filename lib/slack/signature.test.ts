import { describe, expect, it } from "vitest";
import { slackSignature, verifySlackSignature } from "./signature";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const now = new Date("2026-03-02T09:00:00Z");
const ts = String(now.getTime() / 1000);
const body = "payload=%7B%22type%22%3A%22block_actions%22%7D";

describe("verifySlackSignature", () => {
  it("accepts Slack's documented example", () => {
    // From Slack's "Verifying requests from Slack" guide.
    const raw =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    const at = new Date(1531420618 * 1000);
    const signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    expect(verifySlackSignature(SECRET, { rawBody: raw, timestamp: "1531420618", signature }, at)).toEqual({ ok: true });
  });

  it("accepts a fresh, correctly signed request", () => {
    expect(verifySlackSignature(SECRET, { rawBody: body, timestamp: ts, signature: slackSignature(SECRET, ts, body) }, now)).toEqual({ ok: true });
  });

  it("refuses missing or malformed headers", () => {
    const signature = slackSignature(SECRET, ts, body);
    expect(verifySlackSignature(SECRET, { rawBody: body, timestamp: null, signature }, now)).toEqual({ ok: false, reason: "missing" });
    expect(verifySlackSignature(SECRET, { rawBody: body, timestamp: ts, signature: null }, now)).toEqual({ ok: false, reason: "missing" });
    expect(verifySlackSignature(SECRET, { rawBody: body, timestamp: "12abc", signature }, now).ok).toBe(false);
    expect(verifySlackSignature(SECRET, { rawBody: body, timestamp: ts, signature: signature.replace("v0=", "v1=") }, now).ok).toBe(false);
    expect(verifySlackSignature(SECRET, { rawBody: body, timestamp: ts, signature: signature.slice(0, -1) }, now).ok).toBe(false);
  });

  it("refuses a signature made with another secret, or over a body changed by one byte", () => {
    expect(verifySlackSignature(SECRET, { rawBody: body, timestamp: ts, signature: slackSignature("another-secret-entirely", ts, body) }, now)).toEqual({
      ok: false,
      reason: "mismatch",
    });
    const altered = body.replace("block_actions", "block_actionz");
    expect(verifySlackSignature(SECRET, { rawBody: altered, timestamp: ts, signature: slackSignature(SECRET, ts, body) }, now)).toEqual({
      ok: false,
      reason: "mismatch",
    });
  });

  it("allows five minutes of clock difference either way, and not a second more", () => {
    for (const offset of [-300, 300]) {
      const t = String(Number(ts) + offset);
      expect(verifySlackSignature(SECRET, { rawBody: body, timestamp: t, signature: slackSignature(SECRET, t, body) }, now)).toEqual({ ok: true });
    }
    for (const offset of [-301, 301]) {
      const t = String(Number(ts) + offset);
      expect(verifySlackSignature(SECRET, { rawBody: body, timestamp: t, signature: slackSignature(SECRET, t, body) }, now)).toEqual({
        ok: false,
        reason: "stale",
      });
    }
  });

  it("binds the timestamp: a valid signature moved to a fresh timestamp fails", () => {
    const old = String(Number(ts) - 600);
    const signature = slackSignature(SECRET, old, body);
    expect(verifySlackSignature(SECRET, { rawBody: body, timestamp: ts, signature }, now)).toEqual({ ok: false, reason: "mismatch" });
  });
});
