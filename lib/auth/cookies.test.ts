// Cookie attributes with an https NEXTAUTH_URL: Secure with __Secure-/__Host- names, HttpOnly and
// SameSite=Lax, on the session cookie as next-auth renews it (the http case is covered by the
// OIDC flow test, where Secure must be absent).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const secret = randomBytes(32).toString("hex");

// No database here: the person's session version (checked on every session read) is version 0.
vi.mock("./session-version", () => ({ sessionVersionOf: async () => ({ sessionVersion: 0 }), endAllSessions: async () => true }));
vi.mock("@/lib/db/client", () => ({ getDb: async () => ({}) }));

beforeAll(() => {
  vi.stubEnv("NODE_ENV", "production");
  vi.stubEnv("NEXTAUTH_URL", "https://frontdesk.example");
  vi.stubEnv("NEXTAUTH_SECRET", secret);
  vi.stubEnv("OIDC_ISSUER", "https://idp.example");
  vi.stubEnv("OIDC_CLIENT_ID", "frontdesk");
  vi.stubEnv("OIDC_CLIENT_SECRET", "x");
});
afterAll(() => vi.unstubAllEnvs());

describe("session cookies over https", () => {
  it("are Secure, HttpOnly, SameSite=Lax and prefixed", async () => {
    const { getAuthOptions } = await import("./options");
    const { default: NextAuth } = await import("next-auth/next");
    const { encode } = await import("next-auth/jwt");
    const options = getAuthOptions();
    expect(options.useSecureCookies).toBe(true);

    /** next-auth's API-route handler with a minimal response object; returns the Set-Cookie lines. */
    const call = async (action: string, cookies: Record<string, string>) => {
      const headers = new Map<string, string | string[]>();
      const res = {
        statusCode: 200,
        getHeader: (name: string) => headers.get(name.toLowerCase()),
        setHeader: (name: string, value: string | string[]) => headers.set(name.toLowerCase(), value),
        status: () => res,
        end: () => undefined,
        json: () => undefined,
        send: () => undefined,
      };
      const req = { method: "GET", query: { nextauth: [action] }, headers: { host: "frontdesk.example" }, cookies, body: {} };
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      await NextAuth(req as any, res as any, options);
      const set = headers.get("set-cookie") ?? [];
      return Array.isArray(set) ? set : [set];
    };

    const now = Math.floor(Date.now() / 1000);
    const token = await encode({ token: { uid: "u1", signedInAt: now, authTime: now, mfa: false, method: "oidc" }, secret });
    const session = (await call("session", { "__Secure-next-auth.session-token": token })).find((c) => c.startsWith("__Secure-next-auth.session-token="));
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; SameSite=Lax/);
    expect(session).toMatch(/; Path=\//);
    // Idle timeout: the renewed cookie lives SESSION_IDLE_MINUTES (60 by default), not next-auth's 30 days.
    const expires = Date.parse(/Expires=([^;]+)/.exec(session!)![1]!);
    expect(Math.abs(expires - Date.now() - 3600_000)).toBeLessThan(60_000);

    const csrf = (await call("csrf", {})).find((c) => c.startsWith("__Host-next-auth.csrf-token="));
    expect(csrf).toMatch(/; HttpOnly/);
    expect(csrf).toMatch(/; Secure/);
    expect(csrf).toMatch(/; SameSite=Lax/);
  });
});
