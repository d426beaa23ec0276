import { describe, expect, it } from "vitest";
import { actionLabel } from "./action-labels";

describe("actionLabel", () => {
  it("names known actions in words", () => {
    expect(actionLabel("request.break-glass")).toBe("Break glass activated");
    expect(actionLabel("request.nudged")).toBe("Approvers nudged");
  });
  it("keeps unknown actions readable", () => {
    expect(actionLabel("widget.spun-up")).toBe("Widget: spun up");
    expect(actionLabel("odd")).toBe("odd");
  });
});
