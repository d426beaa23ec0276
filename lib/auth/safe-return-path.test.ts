import { describe, expect, it } from "vitest";
import { safeRedirectUrl, safeReturnPath } from "./safe-return-path";

// Every way we know to talk a return path into leaving the site.
export const OPEN_REDIRECT_CORPUS = [
  "https://evil.example/",
  "http://evil.example",
  "//evil.example/path",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "%2F%2Fevil.example",
  "%252F%252Fevil.example",
  "/%2F%2Fevil.example".replace("/", "%2F"),
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "java\tscript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "http:evil.example",
  "https:evil.example",
  "http:/evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "\t//evil.example",
  " //evil.example",
  "/.//evil.example",
  "/..//evil.example",
  "/%2e//evil.example",
  "/a/..//evil.example",
  "//evil.example@frontdesk.example",
  "https://frontdesk.example@evil.example/",
  "",
  undefined,
  null,
] as const;

describe("safeReturnPath", () => {
  it("keeps same-origin paths with their query", () => {
    expect(safeReturnPath("/requests/abc?action=approve")).toBe("/requests/abc?action=approve");
    expect(safeReturnPath(["/approvals", "/x"])).toBe("/approvals");
    expect(safeReturnPath("/requests/a#decide")).toBe("/requests/a#decide");
    // Encoded slashes stay encoded: a path segment on this site, never a host.
    expect(safeReturnPath("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
  });

  it.each(OPEN_REDIRECT_CORPUS)("sends %j home instead", (value) => {
    const result = safeReturnPath(value);
    expect(result === "/" || (result.startsWith("/") && !result.startsWith("//"))).toBe(true);
    expect(new URL(result, "https://frontdesk.example").origin).toBe("https://frontdesk.example");
  });

  it("rejects the normalization trick that turns /.//host into //host", () => {
    expect(safeReturnPath("/.//evil.example")).toBe("/");
    expect(safeReturnPath("/a/..//evil.example")).toBe("/");
  });
});

describe("next-auth redirect callback (safeRedirectUrl)", () => {
  const base = "https://frontdesk.example";

  it("keeps same-origin targets, absolute or relative", () => {
    expect(safeRedirectUrl("/requests/1", base)).toBe(`${base}/requests/1`);
    expect(safeRedirectUrl(`${base}/approvals?x=1`, base)).toBe(`${base}/approvals?x=1`);
  });

  it.each(OPEN_REDIRECT_CORPUS.filter((v): v is string => typeof v === "string"))("lands %j on the site", (value) => {
    expect(new URL(safeRedirectUrl(value, base)).origin).toBe(base);
  });

  it("does not accept a look-alike origin", () => {
    expect(safeRedirectUrl("https://frontdesk.example.evil.example/", base)).toBe(base);
    expect(safeRedirectUrl("http://frontdesk.example/", base)).toBe(base);
    expect(safeRedirectUrl(`${base}/.//evil.example`, base)).toBe(`${base}/`);
  });
});
