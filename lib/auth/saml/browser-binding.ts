// Binds a SAML sign-in to the browser that started it. /api/auth/saml/login sets a cookie holding
// the AuthnRequest ID; the ticket the ACS issues carries the ID it answered; redeeming the ticket
// needs both to match. Without this, someone could hand a victim their own SAML response or ticket
// and sign the victim in as themselves (login CSRF). SameSite=Lax is enough: the cookie is read on
// the same-origin ticket redemption, not on the IdP's cross-site POST.
import { timingSafeEqual } from "node:crypto";

const NAME = "frontdesk.saml-request";
/** As long as an AuthnRequest stays answerable. */
const MAX_AGE_SECONDS = 10 * 60;

function bindingCookieName(secure: boolean): string {
  return secure ? `__Host-${NAME}` : NAME;
}

export function bindingCookie(requestId: string, secure: boolean): string {
  return `${bindingCookieName(secure)}=${requestId}; Path=/; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/** Whether the browser's Cookie header holds this AuthnRequest ID in the binding cookie. */
export function isBoundBrowser(cookieHeader: string | null | undefined, requestId: string, secure: boolean): boolean {
  const name = bindingCookieName(secure);
  const value = (cookieHeader ?? "")
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name}=`))
    ?.slice(name.length + 1);
  if (!value || value.length !== requestId.length) return false;
  return timingSafeEqual(Buffer.from(value), Buffer.from(requestId));
}
