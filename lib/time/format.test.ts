import { describe, expect, it, vi } from "vitest";
import { describeZone, formatClock, formatDateTime, isTimeZone, zoneOrFallback } from "./format";

const at = new Date("2026-03-02T09:05:00Z");

describe("formatDateTime", () => {
  it("writes one format in the reader's zone, naming the zone", () => {
    expect(formatDateTime(at, "UTC")).toBe("2 Mar 2026, 09:05 UTC");
    expect(formatDateTime(at, "Europe/Paris")).toBe("2 Mar 2026, 10:05 CET");
    expect(formatDateTime(at, "Asia/Tokyo")).toBe("2 Mar 2026, 18:05 GMT+9");
  });

  it("falls back to UTC, said plainly, for an unknown or missing zone", () => {
    expect(formatDateTime(at, "Mars/Olympus")).toBe("2 Mar 2026, 09:05 UTC");
    expect(formatDateTime(at, null)).toBe("2 Mar 2026, 09:05 UTC");
  });

  it("crosses midnight with the zone, not with UTC", () => {
    expect(formatDateTime(new Date("2026-03-02T23:30:00Z"), "Asia/Tokyo")).toBe("3 Mar 2026, 08:30 GMT+9");
    expect(formatClock(new Date("2026-03-02T23:30:00Z"), "America/New_York")).toBe("18:30 GMT-5");
  });
});

describe("zones", () => {
  it("accepts IANA names and refuses anything else", () => {
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("not a zone")).toBe(false);
    expect(isTimeZone("")).toBe(false);
    expect(isTimeZone(42)).toBe(false);
    expect(zoneOrFallback("Nowhere/Here")).toBe("UTC");
  });

  it("names a zone with its short form", () => {
    expect(describeZone("Europe/Paris", at)).toBe("Europe/Paris (CET)");
    expect(describeZone("UTC", at)).toBe("UTC");
  });
});

describe("formatters", () => {
  it("are built once per zone: a page of many times builds none after the first", () => {
    formatDateTime(at, "America/Chicago");
    const built = vi.spyOn(Intl, "DateTimeFormat");
    try {
      for (let i = 0; i < 20; i++) formatDateTime(at, "America/Chicago");
      expect(isTimeZone("America/Chicago")).toBe(true);
      expect(built).not.toHaveBeenCalled();
    } finally {
      built.mockRestore();
    }
  });
});
