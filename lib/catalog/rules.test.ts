import { describe, expect, it } from "vitest";
import { ticketMatchesPattern } from "./rules";

describe("ticketMatchesPattern", () => {
  it("matches the whole reference (the form and the server share it)", () => {
    expect(ticketMatchesPattern("OPS-12", "(OPS|INC)-[0-9]+")).toBe(true);
    expect(ticketMatchesPattern("xOPS-12", "(OPS|INC)-[0-9]+")).toBe(false);
    expect(ticketMatchesPattern("OPS-12x", "OPS-[0-9]+|INC-[0-9]+")).toBe(false);
    expect(ticketMatchesPattern("anything", null)).toBe(true);
  });
});
