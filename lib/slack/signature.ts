// Slack request signing (v0): HMAC-SHA256 over `v0:{timestamp}:{raw body}` with the app's signing
// secret, sent as `X-Slack-Signature: v0=<hex>` with `X-Slack-Request-Timestamp`. Requests more
// than five minutes away from our clock, in either direction, are refused so that a captured
// request cannot be replayed later (replays inside the window are caught by SlackInteractionSeen).
import { createHmac, timingSafeEqual } from "node:crypto";

const SIGNATURE_WINDOW_SECONDS = 300;

export type SignatureCheck = { ok: true } | { ok: false; reason: "missing" | "malformed" | "stale" | "mismatch" };

export interface SignedRequest {
  rawBody: string;
  signature: string | null;
  timestamp: string | null;
}

export function slackSignature(signingSecret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:${rawBody}`, "utf8").digest("hex")}`;
}

export function verifySlackSignature(signingSecret: string, request: SignedRequest, now: Date): SignatureCheck {
  const { signature, timestamp, rawBody } = request;
  if (!signature || !timestamp) return { ok: false, reason: "missing" };
  if (!/^\d{1,12}$/.test(timestamp) || !/^v0=[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: "malformed" };
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp));
  if (skew > SIGNATURE_WINDOW_SECONDS) return { ok: false, reason: "stale" };
  const expected = Buffer.from(slackSignature(signingSecret, timestamp, rawBody), "utf8");
  const given = Buffer.from(signature, "utf8");
  // Same length by the format check above; timingSafeEqual would throw otherwise.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "mismatch" };
  return { ok: true };
}
