import { describe, expect, it } from "vitest";
import { approvalSummary, defaultMinutes, durationChoices, listWords, localInputToIso, toLocalInput, whenWords, windowWords } from "./request-form-text";
import type { StandardAsk } from "./role-options";

const ask: StandardAsk = {
  ruleId: "r",
  maxMinutes: 480,
  approvals: 2,
  approvers: ["leads", "security"],
  autoApproveMaxMinutes: null,
  pendingTimeoutSeconds: 86_400,
  ticket: null,
  mfa: false,
};
const now = new Date("2026-03-10T14:40:00Z");

describe("durationChoices", () => {
  it("offers presets up to the maximum and always the maximum itself", () => {
    expect(durationChoices(240)).toEqual([15, 30, 60, 120, 240]);
    expect(durationChoices(90)).toEqual([15, 30, 60, 90]);
    expect(durationChoices(15)).toEqual([15]);
  });

  it("starts at an hour, or the longest allowed, keeping an earlier choice that still fits", () => {
    expect(defaultMinutes(480)).toBe(60);
    expect(defaultMinutes(30)).toBe(30);
    expect(defaultMinutes(480, 120)).toBe(120);
    expect(defaultMinutes(60, 120)).toBe(60);
  });
});

describe("approvalSummary", () => {
  it("says how many approvals are needed and from whom", () => {
    expect(listWords(["security"])).toBe("security");
    expect(listWords(["leads", "security", "dana@example.com"])).toBe("leads, security and dana@example.com");
    expect(approvalSummary(ask, 60)).toEqual({ automatic: false, text: "Needs 2 approvals from leads and security." });
    expect(approvalSummary({ ...ask, approvals: 1, approvers: ["security"] }, 60).text).toBe("Needs 1 approval from security.");
  });

  it("says when the request is approved automatically", () => {
    const auto = { ...ask, approvals: 1, approvers: ["security"], autoApproveMaxMinutes: 30 };
    expect(approvalSummary(auto, 30)).toEqual({ automatic: true, text: "Approved automatically: up to 30 min is approved at once for you." });
    expect(approvalSummary(auto, 60)).toEqual({
      automatic: false,
      text: "Needs 1 approval from security. Up to 30 min would be approved automatically.",
    });
  });
});

describe("windowWords", () => {
  it("gives the end time for access that starts once approved or at once", () => {
    expect(windowWords({ from: null, minutes: 60, now, immediate: false, timeZone: "UTC" })).toBe("If approved now, ends today at 15:40.");
    expect(windowWords({ from: null, minutes: 60, now, immediate: true, timeZone: "UTC" })).toBe("Ends today at 15:40.");
    expect(windowWords({ from: null, minutes: 600, now, immediate: true, timeZone: "UTC" })).toBe("Ends tomorrow at 00:40.");
  });

  it("gives the whole window for a scheduled start, in the person's zone", () => {
    const from = new Date("2026-03-10T16:00:00Z");
    expect(windowWords({ from, minutes: 120, now, immediate: false, timeZone: "UTC" })).toBe("From today at 16:00 to 18:00.");
    expect(windowWords({ from, minutes: 120, now, immediate: false, timeZone: "Europe/Berlin" })).toBe("From today at 17:00 to 19:00.");
    expect(windowWords({ from, minutes: 600, now, immediate: false, timeZone: "UTC" })).toBe("From today at 16:00 to tomorrow at 02:00.");
    const later = new Date("2026-03-14T08:00:00Z");
    expect(whenWords(later, now, "UTC")).toBe("14 Mar at 08:00");
  });
});

describe("start time conversion", () => {
  it("turns a datetime-local value into ISO 8601 with the zone's offset", () => {
    expect(localInputToIso("2026-03-10T16:30", () => 60)).toBe("2026-03-10T16:30:00+01:00");
    expect(localInputToIso("2026-03-10T16:30", () => -330)).toBe("2026-03-10T16:30:00-05:30");
    expect(localInputToIso("2026-03-10T16:30", () => 0)).toBe("2026-03-10T16:30:00+00:00");
    expect(localInputToIso("", () => 0)).toBeNull();
    expect(localInputToIso("tomorrow", () => 0)).toBeNull();
  });

  it("round-trips with the value the input shows", () => {
    expect(toLocalInput(new Date("2026-03-10T16:30:00Z"), 60)).toBe("2026-03-10T17:30");
    expect(Date.parse(localInputToIso(toLocalInput(now, 120), () => 120)!)).toBe(now.getTime());
  });
});
