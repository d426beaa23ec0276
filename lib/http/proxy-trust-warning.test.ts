import { describe, expect, it } from "vitest";
import { proxyTrustWarning } from "./proxy-trust-warning";

describe("proxyTrustWarning", () => {
  it("warns in production at TRUSTED_PROXY_HOPS=0, naming both the bypass and the lockout", () => {
    const warning = proxyTrustWarning({ NODE_ENV: "production", TRUSTED_PROXY_HOPS: 0 });
    expect(warning).toMatch(/TRUSTED_PROXY_HOPS=0/);
    expect(warning).toMatch(/evade/);
    expect(warning).toMatch(/lock out another address/);
  });
  it("is silent behind trusted proxies and outside production", () => {
    expect(proxyTrustWarning({ NODE_ENV: "production", TRUSTED_PROXY_HOPS: 1 })).toBeNull();
    expect(proxyTrustWarning({ NODE_ENV: "development", TRUSTED_PROXY_HOPS: 0 })).toBeNull();
  });
});
