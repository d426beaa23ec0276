import { describe, expect, it } from "vitest";
import { MAX_SCHEDULE_AHEAD_DAYS, MIN_REQUEST_MINUTES, scheduledStartProblem, START_NOW_TOLERANCE_SECONDS } from "./request-window";

const now = new Date("2026-03-10T12:00:00Z");
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);

describe("scheduledStartProblem", () => {
  it.each([
    ["now", 0, null],
    ["just inside the tolerance for the past", -START_NOW_TOLERANCE_SECONDS, null],
    ["past", -START_NOW_TOLERANCE_SECONDS - 1, /has passed/],
    ["exactly the furthest day", MAX_SCHEDULE_AHEAD_DAYS * 86_400, null],
    ["a second beyond it", MAX_SCHEDULE_AHEAD_DAYS * 86_400 + 1, new RegExp(`at most ${MAX_SCHEDULE_AHEAD_DAYS} days ahead`)],
  ] as const)("%s", (_name, offset, expected) => {
    const problem = scheduledStartProblem(at(offset), now);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });

  it("the shortest window is AWS's shortest session", () => {
    expect(MIN_REQUEST_MINUTES).toBe(15);
  });
});
