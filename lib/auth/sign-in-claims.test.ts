import { describe, expect, it } from "vitest";
import { authTimeFromClaims, emailAcceptable, mfaFromClaims, settingList } from "./sign-in-claims";

const now = new Date("2026-01-01T12:00:00Z");
const settings = { amrValues: settingList("mfa,otp,hwk,swk,sms"), acrValues: settingList("urn:frontdesk:dev:mfa, phrh") };

describe("authTimeFromClaims", () => {
  it("reads auth_time in seconds", () => {
    expect(authTimeFromClaims({ auth_time: 1767268800 - 300 }, now)).toEqual(new Date(now.getTime() - 300_000));
  });
  it.each([undefined, "soon", -5, 0, 1767268800 + 3600])("is unknown (never recent) for %j", (auth_time) => {
    expect(authTimeFromClaims({ auth_time }, now)).toBeNull();
  });
});

describe("mfaFromClaims", () => {
  it.each([
    [{ amr: ["pwd", "otp"] }, true],
    [{ amr: ["pwd", "mfa"] }, true],
    [{ amr: ["HWK"] }, true],
    [{ acr: "phrh" }, true],
    [{ acr: "urn:frontdesk:dev:mfa", amr: ["pwd"] }, true],
    [{ amr: ["pwd"] }, false],
    [{ amr: "otp" }, false],
    [{ acr: "urn:frontdesk:dev:pwd" }, false],
    [{ acr: ["phrh"] }, false],
    [{}, false],
  ])("%j → %s", (claims, expected) => {
    expect(mfaFromClaims(claims, settings)).toBe(expected);
  });
});

describe("emailAcceptable", () => {
  it.each([
    [true, true, true],
    ["true", true, true],
    [undefined, true, false], // strict by default: a missing claim is not a verified address
    [false, true, false],
    [undefined, false, true],
    ["false", false, false],
    [false, false, false],
  ])("email_verified %j, strict %j → %j", (verified, strict, ok) => {
    expect(emailAcceptable(verified, strict)).toBe(ok);
  });
});
