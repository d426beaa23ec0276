import { describe, expect, it } from "vitest";
import { isMalformedPath, malformedPathResponse } from "./malformed-path";

describe("isMalformedPath", () => {
  it("finds percent-encoding that does not decode", () => {
    for (const path of ["/requests/%E0%A4%A", "/%", "/api/requests/%zz/credentials", "/a/%C0%80", "/x%E0"]) expect(isMalformedPath(path), path).toBe(true);
  });
  it("accepts ordinary and well-encoded paths", () => {
    for (const path of ["/", "/requests/abc123", "/requests/%E0%A4%A4", "/signin", "/a%20b", "/%2F"]) expect(isMalformedPath(path), path).toBe(false);
  });
});

describe("malformedPathResponse", () => {
  it("is a 400 with the security headers, JSON for the API and HTML otherwise", async () => {
    const api = malformedPathResponse("/api/requests/%E0/credentials", { "X-Frame-Options": "DENY" });
    expect(api.status).toBe(400);
    expect(api.headers.get("x-frame-options")).toBe("DENY");
    expect(api.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe("INVALID_INPUT");
    const page = malformedPathResponse("/requests/%E0", {});
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
  });
});
