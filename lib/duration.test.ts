import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "./duration";

describe("parseDuration", () => {
  it.each([
    ["30m", 1800],
    ["4h", 14_400],
    ["1h30m", 5400],
    ["1d", 86_400],
    ["90s", 90],
  ])("reads %s as %i seconds", (text, seconds) => expect(parseDuration(text)).toBe(seconds));

  it.each(["", "4", "h", "4 hours", "-1h", "1m1h"])("refuses %j", (text) => expect(parseDuration(text)).toBeNull());
});

describe("formatDuration", () => {
  it("says hours and minutes briefly", () => {
    expect(formatDuration(45 * 60)).toBe("45 min");
    expect(formatDuration(2 * 3600)).toBe("2 h");
    expect(formatDuration(5400)).toBe("1 h 30 min");
    expect(formatDuration(-5)).toBe("0 min");
    expect(formatDuration(899)).toBe("15 min");
    expect(formatDuration(899, "floor")).toBe("14 min");
  });
});
