import { describe, expect, it } from "vitest";
import { retryDelayMs, RETRY_BASE_MS, RETRY_MAX_MS } from "./backoff";
import { jobErrorText } from "./job-error";
import { AppError } from "@/lib/errors";

describe("retryDelayMs", () => {
  it("doubles from the base with each failed attempt, up to the cap", () => {
    const top = () => 1;
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, top))).toEqual([5_000, 10_000, 20_000, 40_000, 80_000]);
    expect(retryDelayMs(9, top)).toBe(RETRY_MAX_MS);
    expect(retryDelayMs(1000, top)).toBe(RETRY_MAX_MS);
  });

  it("jitters between half and all of the planned delay", () => {
    expect(retryDelayMs(1, () => 0)).toBe(RETRY_BASE_MS / 2);
    expect(retryDelayMs(3, () => 0.5)).toBe(15_000);
    for (let i = 0; i < 200; i++) {
      const delay = retryDelayMs(4);
      expect(delay).toBeGreaterThanOrEqual(20_000);
      expect(delay).toBeLessThanOrEqual(40_000);
    }
  });

  it("treats nonsense attempt counts and random values safely", () => {
    expect(retryDelayMs(0, () => 1)).toBe(RETRY_BASE_MS);
    expect(retryDelayMs(-3, () => 1)).toBe(RETRY_BASE_MS);
    expect(retryDelayMs(1, () => 7)).toBe(RETRY_BASE_MS);
    expect(retryDelayMs(1, () => -1)).toBe(RETRY_BASE_MS / 2);
  });
});

describe("jobErrorText", () => {
  it("keeps our own messages and hides everything else", () => {
    expect(jobErrorText(new AppError("AWS_ERROR", "Frontdesk could not reach AWS IAM."), "j1")).toBe("Frontdesk could not reach AWS IAM.");
    const leaky = new Error("connect failed: postgresql://frontdesk:s3cret@db.internal/frontdesk");
    expect(jobErrorText(leaky, "j2")).toBe("Unexpected error; details are in the server log (job j2).");
    expect(jobErrorText("a string", "j3")).not.toContain("a string");
    expect(jobErrorText(new AppError("AWS_ERROR", "x".repeat(5000)), "j4")).toHaveLength(1000);
  });
});
