import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./safe-return-path";

describe("safeReturnPath", () => {
  it("keeps same-origin paths with their query", () => {
    expect(safeReturnPath("/requests/abc?action=approve")).toBe("/requests/abc?action=approve");
    expect(safeReturnPath(["/approvals", "/x"])).toBe("/approvals");
  });

  it.each([
    "https://evil.example/",
    "//evil.example/path",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "/\t/evil.example",
    "",
    undefined,
    null,
  ])("sends %j home instead", (value) => expect(safeReturnPath(value)).toBe("/"));
});
