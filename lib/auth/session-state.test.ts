import { describe, expect, it } from "vitest";
import { authorizationParamsAllowed } from "./authorization-params";
import { sessionLimits } from "./session-limits";
import { sessionState } from "./session-state";

const now = new Date("2026-01-01T12:00:00Z");
const sec = (d: Date) => Math.floor(d.getTime() / 1000);
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);

describe("sessionState", () => {
  const user = { lastLoginAt: hoursAgo(1) };
  it("caps a session by its own sign-in time, not the person's latest sign-in elsewhere", () => {
    const auth = { signedInAt: sec(hoursAgo(9)), authTime: sec(hoursAgo(9)), mfa: true, method: "oidc" as const };
    expect(sessionState(auth, user, now, 8 * 3600).expired).toBe(true);
    expect(sessionState({ ...auth, signedInAt: sec(hoursAgo(7)) }, user, now, 8 * 3600)).toEqual({
      expired: false,
      authTime: hoursAgo(9),
      mfa: true,
    });
  });
  it("treats a sign-in time in the future as expired", () => {
    expect(sessionState({ signedInAt: sec(now) + 3600, authTime: null, mfa: false, method: "oidc" }, user, now, 8 * 3600).expired).toBe(true);
  });
  it("falls back to the last sign-in for older tokens, which are neither recent nor MFA", () => {
    expect(sessionState(undefined, { lastLoginAt: hoursAgo(9) }, now, 8 * 3600).expired).toBe(true);
    expect(sessionState(undefined, user, now, 8 * 3600)).toEqual({ expired: false, authTime: null, mfa: false });
  });
});

describe("sessionLimits", () => {
  it("never lets the idle timeout exceed the absolute cap", () => {
    expect(sessionLimits({ SESSION_IDLE_MINUTES: 60, SESSION_MAX_HOURS: 8 })).toEqual({ idleSeconds: 3600, maxSeconds: 28800 });
    expect(sessionLimits({ SESSION_IDLE_MINUTES: 600, SESSION_MAX_HOURS: 2 })).toEqual({ idleSeconds: 7200, maxSeconds: 7200 });
  });
});

describe("authorizationParamsAllowed", () => {
  const env = { OIDC_STEP_UP_ACR_VALUES: "urn:a urn:b" };
  it.each([
    ["prompt", "login", true],
    ["prompt", "none", false],
    ["max_age", "0", true],
    ["max_age", "-1", false],
    ["acr_values", "urn:a", true],
    ["acr_values", "urn:a urn:evil", false],
    ["login_hint", "alice", true],
    ["redirect_uri", "https://evil.example/cb", false],
    ["scope", "openid admin", false],
    ["response_mode", "form_post", false],
  ])("%s=%s → %s", (key, value, allowed) => {
    expect(authorizationParamsAllowed(key, value, env)).toBe(allowed);
  });
});
