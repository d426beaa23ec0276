import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, isCrossOriginStateChange, newNonce, securityHeaders } from "./web-security";

const directives = (csp: string) => new Map(csp.split("; ").map((d) => [d.split(" ")[0]!, d.split(" ").slice(1).join(" ")]));

describe("contentSecurityPolicy", () => {
  it("allows scripts only by nonce (strict-dynamic), never eval in production, and locks framing, base and forms", () => {
    const csp = directives(contentSecurityPolicy({ nonce: "abc123", development: false, https: true }));
    expect(csp.get("script-src")).toBe("'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp.get("frame-ancestors")).toBe("'none'");
    expect(csp.get("base-uri")).toBe("'self'");
    expect(csp.get("form-action")).toBe("'self'");
    const withSaml = new Map(
      contentSecurityPolicy({ nonce: "n", development: false, https: true, formTargets: ["https://signin.aws.amazon.com/saml"] })
        .split("; ")
        .map((d) => [d.split(" ")[0], d.slice(d.indexOf(" ") + 1)]),
    );
    expect(withSaml.get("form-action")).toBe("'self' https://signin.aws.amazon.com/saml");
    expect(csp.get("object-src")).toBe("'none'");
    expect(csp.has("upgrade-insecure-requests")).toBe(true);
    expect([...csp.values()].join(" ")).not.toMatch(/unsafe-eval|unsafe-inline'.*script/);
  });
  it("adds unsafe-eval only for next dev, and no upgrade over plain http", () => {
    expect(directives(contentSecurityPolicy({ nonce: "n", development: true, https: false })).get("script-src")).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy({ nonce: "n", development: false, https: false })).not.toContain("upgrade-insecure-requests");
  });
  it("makes a fresh 128-bit nonce each time", () => {
    const a = newNonce();
    expect(Buffer.from(a, "base64")).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });
});

describe("securityHeaders", () => {
  it("sends HSTS in production over https only", () => {
    expect(securityHeaders({ production: true, https: true })["Strict-Transport-Security"]).toMatch(/max-age=31536000/);
    expect(securityHeaders({ production: false, https: true })["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders({ production: true, https: false })["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders({ production: true, https: true })).toMatchObject({ "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin" });
  });
});

describe("isCrossOriginStateChange", () => {
  const app = "https://frontdesk.example";
  const req = (method: string, pathname: string, headers: Record<string, string> = {}) => ({ method, pathname, headers: new Headers(headers) });
  it.each([
    [req("POST", "/api/auth/signout", { origin: "https://evil.example" }), true],
    [req("POST", "/api/auth/signin/oidc", { origin: "null" }), true],
    [req("DELETE", "/api/requests/x", { origin: "http://frontdesk.example" }), true],
    [req("PATCH", "/api/x", { "sec-fetch-site": "cross-site" }), true],
    [req("PUT", "/api/x", { "sec-fetch-site": "same-site" }), true],
    [req("POST", "/api/auth/signout", { origin: app }), false],
    [req("POST", "/api/x", { "sec-fetch-site": "same-origin" }), false],
    [req("POST", "/api/v1/requests"), false],
    [req("GET", "/api/requests/x/console", { origin: "https://evil.example" }), false],
    [req("POST", "/requests/new", { origin: "https://evil.example" }), false],
    [req("POST", "/api/slack/interactions", { origin: "https://slack.com" }), false],
    [req("POST", "/api/auth/saml/acs", { origin: "https://idp.example" }), false],
    [req("POST", "/api/auth/saml/acs", { origin: "null" }), false],
    [req("POST", "/api/auth/saml/login", { origin: "https://idp.example" }), true],
  ])("%#: %j → %s", (request, refused) => {
    expect(isCrossOriginStateChange(request, app)).toBe(refused);
  });
});
