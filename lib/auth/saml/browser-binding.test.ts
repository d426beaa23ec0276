import { describe, expect, it } from "vitest";
import { bindingCookie, isBoundBrowser } from "./browser-binding";

const id = "_0123456789abcdef0123456789abcdef01234567";

describe("SAML browser binding", () => {
  it("accepts the browser that started the sign-in", () => {
    expect(isBoundBrowser(`a=1; frontdesk.saml-request=${id}; b=2`, id, false)).toBe(true);
    expect(isBoundBrowser(`__Host-frontdesk.saml-request=${id}`, id, true)).toBe(true);
  });

  it("refuses another browser: no cookie, another request's cookie, or the wrong cookie name", () => {
    expect(isBoundBrowser(undefined, id, false)).toBe(false);
    expect(isBoundBrowser("", id, false)).toBe(false);
    expect(isBoundBrowser(`frontdesk.saml-request=${id.replace("0", "1")}`, id, false)).toBe(false);
    expect(isBoundBrowser(`frontdesk.saml-request=${id}`, id, true)).toBe(false); // https needs the __Host- cookie
    expect(isBoundBrowser(`xfrontdesk.saml-request=${id}`, id, false)).toBe(false);
  });

  it("sets an HttpOnly, SameSite=Lax cookie, Secure with the __Host- prefix over https", () => {
    expect(bindingCookie(id, true)).toBe(`__Host-frontdesk.saml-request=${id}; Path=/; Max-Age=600; HttpOnly; SameSite=Lax; Secure`);
    expect(bindingCookie(id, false)).not.toMatch(/Secure/);
  });
});
