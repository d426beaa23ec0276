// The client's IP address for rate limits. X-Forwarded-For is only as honest as whoever wrote it:
// each reverse proxy appends the address it saw, so with N trusted proxies in front of Frontdesk the
// N-th entry from the right is the one our outermost proxy saw. Entries further left were sent by
// the client and are ignored.
//
// Without a proxy (hops = 0) Next.js fills X-Forwarded-For from the socket only when the client
// did not send one, so the value is then the client's own claim: per-person limits still hold, but
// per-IP limits can be dodged. Run behind a proxy that appends the header and set TRUSTED_PROXY_HOPS.

const UNKNOWN = "unknown";

/** A normalized address (IPv4-mapped IPv6 as plain IPv4, ports and brackets removed), or null. */
export function normalizeIp(raw: string): string | null {
  let value = raw.trim().toLowerCase();
  if (!value) return null;
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  if (value.startsWith("::ffff:") && /^[\d.]+$/.test(value.slice(7))) value = value.slice(7);
  if (/^(\d{1,3}\.){3}\d{1,3}$/.test(value)) return value.split(".").every((n) => Number(n) <= 255) ? value : null;
  if (/^[0-9a-f:]+$/.test(value) && value.includes(":") && value.length <= 39) return value;
  return null;
}

/**
 * The client address from request headers, trusting exactly `trustedHops` proxies.
 * Returns "unknown" when the header is missing or malformed, so all such requests share one bucket.
 */
export function clientIp(headers: Headers, trustedHops: number): string {
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) return UNKNOWN;
  // hops = 0: the last entry (Next.js's socket address, or the client's claim).
  // hops = N: the entry our outermost trusted proxy appended, N from the right.
  const index = trustedHops === 0 ? entries.length - 1 : entries.length - trustedHops;
  if (index < 0) return UNKNOWN;
  return normalizeIp(entries[index]!) ?? UNKNOWN;
}

/** The current request's client address (server components, server actions, route handlers). */
export async function currentClientIp(): Promise<string> {
  const { headers } = await import("next/headers");
  const { getEnv } = await import("@/lib/env");
  return clientIp(await headers(), getEnv().TRUSTED_PROXY_HOPS);
}
