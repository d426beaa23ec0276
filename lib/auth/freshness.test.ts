import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy/access";
import { assertMfa, assertRecentSignIn, isRecent } from "./freshness";
import { reauthUrl, reauthUrlForCode } from "./reauth";

const now = new Date("2026-01-01T12:00:00Z");
const actor = (patch: Partial<Actor>): Actor => ({ id: "u1", email: "a@example.com", name: "A", groups: [], ...patch });
const codeOf = (fn: () => void) => {
  try {
    fn();
    return null;
  } catch (error) {
    return error instanceof AppError ? error.code : "OTHER";
  }
};

describe("assertRecentSignIn", () => {
  it("passes a sign-in within the limit", () => {
    expect(codeOf(() => assertRecentSignIn(actor({ authTime: new Date(now.getTime() - 59 * 60_000) }), now, 3600))).toBeNull();
    expect(codeOf(() => assertRecentSignIn(actor({ authTime: new Date(now.getTime() - 3600_000) }), now, 3600))).toBeNull();
  });
  it.each([
    ["too old", new Date(now.getTime() - 3601_000)],
    ["unknown", null],
    ["missing", undefined],
    ["from the future", new Date(now.getTime() + 5 * 60_000)],
  ])("refuses a sign-in that is %s with REAUTH_REQUIRED", (_label, authTime) => {
    expect(codeOf(() => assertRecentSignIn(actor({ authTime }), now, 3600))).toBe("REAUTH_REQUIRED");
    expect(isRecent({ authTime }, now, 3600)).toBe(false);
  });
});

describe("assertMfa", () => {
  it("passes only an MFA sign-in", () => {
    expect(codeOf(() => assertMfa(actor({ mfa: true })))).toBeNull();
    expect(codeOf(() => assertMfa(actor({ mfa: false })))).toBe("MFA_REQUIRED");
    expect(codeOf(() => assertMfa(actor({})))).toBe("MFA_REQUIRED");
  });
});

describe("reauthUrl", () => {
  it("builds the re-authentication page URL and keeps only same-origin return paths", () => {
    expect(reauthUrl("recent", "/requests/abc?x=1")).toBe("/signin/reauth?reason=recent&callbackUrl=%2Frequests%2Fabc%3Fx%3D1");
    expect(reauthUrl("mfa", "https://evil.example/")).toBe("/signin/reauth?reason=mfa&callbackUrl=%2F");
    expect(reauthUrlForCode("MFA_REQUIRED", "/approvals")).toBe("/signin/reauth?reason=mfa&callbackUrl=%2Fapprovals");
    expect(reauthUrlForCode("REAUTH_REQUIRED", "/approvals")).toContain("reason=recent");
    expect(reauthUrlForCode("FORBIDDEN", "/approvals")).toBeNull();
  });
});
