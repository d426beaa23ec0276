import { describe, expect, it } from "vitest";
import { routeOf } from "./route-pattern";

describe("routeOf", () => {
  it("turns ids into [id], so labels stay few", () => {
    expect(routeOf("/requests/cmxakrna80007g77dar6896qo")).toBe("/requests/[id]");
    expect(routeOf("/api/requests/cmxakrna80007g77dar6896qo/credentials")).toBe("/api/requests/[id]/credentials");
    expect(routeOf("/requests/new")).toBe("/requests/new");
    expect(routeOf("/")).toBe("/");
    expect(routeOf("/_next/static/chunks/abc.js")).toBe("/_next/*");
    expect(routeOf("/api/auth/callback/oidc")).toBe("/api/auth/callback");
    expect(routeOf("/api/auth/saml/acs")).toBe("/api/auth/saml/acs");
    expect(routeOf("/x/3f2a9c1e-5b7d-4e21-9a0c-1b2c3d4e5f60")).toBe("/x/[id]");
  });
});
