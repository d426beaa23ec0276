import { describe, expect, it } from "vitest";
import { sessionEndReason } from "./session-validity";

const now = new Date("2026-03-02T12:00:00Z");
const t = now.getTime() / 1000;
const limits = { idleSeconds: 300, maxSeconds: 8 * 3600 };
const person = { sessionVersion: 3 };
const token = (changes: Record<string, unknown> = {}) => ({ uid: "u1", iat: t - 10, signedInAt: t - 3600, sv: 3, ...changes });

describe("sessionEndReason", () => {
  it("lets a live session act", () => {
    expect(sessionEndReason(token(), person, now, limits)).toBeNull();
    expect(sessionEndReason(token({ iat: t - 300 }), person, now, limits)).toBeNull();
  });
  it("ends a session unused for longer than the idle limit, counted from the token's last renewal", () => {
    expect(sessionEndReason(token({ iat: t - 301 }), person, now, limits)).toBe("idle");
    // The 390 s replay of the attack run, with a 5-minute idle limit.
    expect(sessionEndReason(token({ iat: t - 390 }), person, now, limits)).toBe("idle");
  });
  it("ends a session at the absolute cap however active", () => {
    expect(sessionEndReason(token({ signedInAt: t - 8 * 3600 - 1 }), person, now, limits)).toBe("cap");
  });
  it("refuses times in the future beyond a minute of skew", () => {
    expect(sessionEndReason(token({ signedInAt: t + 61 }), person, now, limits)).toBe("future");
    expect(sessionEndReason(token({ iat: t + 61 }), person, now, limits)).toBe("future");
    expect(sessionEndReason(token({ signedInAt: t + 30, iat: t + 30 }), person, now, limits)).toBeNull();
  });
  it("ends every session issued before a sign-out or an admin's end-all (the version moved on)", () => {
    expect(sessionEndReason(token({ sv: 2 }), person, now, limits)).toBe("ended");
    expect(sessionEndReason(token({ sv: undefined }), person, now, limits)).toBe("ended");
    expect(sessionEndReason(token({ sv: undefined }), { sessionVersion: 0 }, now, limits)).toBeNull();
    // A session started after the bump, read against a version cached just before it, still acts.
    expect(sessionEndReason(token({ sv: 4 }), person, now, limits)).toBeNull();
  });
  it("refuses an unknown person and tokens missing what the rules need", () => {
    expect(sessionEndReason(token(), null, now, limits)).toBe("unknown-person");
    expect(sessionEndReason(token({ iat: undefined }), person, now, limits)).toBe("malformed");
    expect(sessionEndReason(token({ signedInAt: "1" }), person, now, limits)).toBe("malformed");
    expect(sessionEndReason(token({ uid: "" }), person, now, limits)).toBe("malformed");
  });
});
