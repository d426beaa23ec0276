// Response hardening applied by proxy.ts to every page, API response and error page: a per-request
// CSP nonce (Next.js reads it from the request's CSP header and puts it on its own scripts), and
// the refusal of cross-origin state changes. Pure functions, so each rule has a unit test.

export interface CspOptions {
  nonce: string;
  /** `next dev` needs eval for React's debugging; production never gets it. */
  development: boolean;
  https: boolean;
  /** Origins forms may post to besides Frontdesk (AWS's SAML sign-in endpoints, or their stand-in). */
  formTargets?: readonly string[];
}

export function contentSecurityPolicy({ nonce, development, https, formTargets = [] }: CspOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // <style> elements need the nonce; style attributes (set by React for layout) may stay.
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    ["form-action 'self'", ...formTargets].join(" "),
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Headers every response carries (besides the CSP). HSTS only in production over https. */
export function securityHeaders({ production, https }: { production: boolean; https: boolean }): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    ...(production && https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/** A fresh, unguessable nonce (128 bits, base64). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * API endpoints that other sites legitimately POST to, each verifying its own proof: the SAML IdP
 * posts a signed assertion to the ACS from its own origin, and Slack signs its requests.
 */
const CROSS_SITE_POST_PREFIXES = ["/api/auth/saml/acs", "/api/slack/"];

/**
 * True when a state-changing API request comes from another site: an Origin that is not
 * Frontdesk's (including "null"), or, without Origin, Sec-Fetch-Site saying cross-site. Requests
 * with neither header come from non-browser clients (CLI, Slack), which carry no cookies of a victim.
 */
export function isCrossOriginStateChange(request: { method: string; pathname: string; headers: Headers }, appOrigin: string): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
  if (!request.pathname.startsWith("/api/")) return false;
  if (CROSS_SITE_POST_PREFIXES.some((prefix) => request.pathname.startsWith(prefix))) return false;
  const origin = request.headers.get("origin");
  if (origin !== null) return origin !== appOrigin;
  const site = request.headers.get("sec-fetch-site");
  return site !== null && site !== "same-origin" && site !== "none";
}
