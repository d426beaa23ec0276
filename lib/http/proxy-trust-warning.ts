// At TRUSTED_PROXY_HOPS=0 the per-IP limits key on the last X-Forwarded-For entry, which a client
// can write itself when no proxy appends one: anyone can then dodge the per-IP limits (by claiming
// a new address each time) and lock out someone else's address (by claiming it until its limit is
// used up). Per-person limits still hold. Production should run behind a proxy that appends the
// header, with TRUSTED_PROXY_HOPS set to the number of such proxies.

/** The boot warning for this configuration, or null when there is nothing to say. */
export function proxyTrustWarning(env: { NODE_ENV: string; TRUSTED_PROXY_HOPS: number }): string | null {
  if (env.NODE_ENV !== "production" || env.TRUSTED_PROXY_HOPS !== 0) return null;
  return (
    "[frontdesk] warning: TRUSTED_PROXY_HOPS=0, so per-IP rate limits (sign-in, new requests) trust the client's own " +
    "X-Forwarded-For: a client can evade them, and can lock out another address by claiming it. Serve Frontdesk behind a " +
    "reverse proxy that appends X-Forwarded-For and set TRUSTED_PROXY_HOPS to the number of such proxies."
  );
}
