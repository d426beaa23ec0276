import { describe, expect, it } from "vitest";
import { missingRows } from "./chain-breaks";

describe("missingRows", () => {
  it("names one row, a range, and holes at the start", () => {
    expect(missingRows(40, 42)).toEqual({ seq: 41, reason: "row 41 is missing (sequence jumps 40 → 42)" });
    expect(missingRows(40, 44)).toEqual({ seq: 41, reason: "rows 41–43 are missing (sequence jumps 40 → 44)" });
    expect(missingRows(0, 2)).toEqual({ seq: 1, reason: "row 1 is missing (sequence starts at 2)" });
  });
});
