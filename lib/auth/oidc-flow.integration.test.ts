// The real next-auth handler (with Frontdesk's options) against the real dev IdP (oidc-provider),
// driven like a browser. A small proxy sits in front of the IdP's token endpoint and, per test,
// rewrites or re-signs the ID token with a key it also publishes in the JWKS the client trusts, so
// each negative case differs from an accepted sign-in (the "re-signed, unchanged" control) in
// exactly the one property its check guards. Every negative case must end with no session cookie,
// no person recorded and no "signed in" audit event.
import { createSign, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { startDevIdp, type DevIdp } from "@/scripts/dev/idp";
import { readForm, TestBrowser } from "@/scripts/dev/test-browser";

const CLIENT_ID = "frontdesk-oidc-test";
const CLIENT_SECRET = randomBytes(24).toString("hex");
const SESSION_COOKIE = "next-auth.session-token";

type Mode = "pass" | "resign" | "aud" | "iss" | "expired" | "none" | "untrusted-key" | "replay";
let mode: Mode = "pass";
let lastGoodIdToken: string | undefined;

let database: TestDatabase;
let idp: DevIdp;
let app: Server;
let tokenProxy: Server;
let appUrl = "";
let proxyUrl = "";
let db: Awaited<ReturnType<typeof import("@/lib/db/client").getDb>>;

const trustedKey = generateKeyPairSync("rsa", { modulusLength: 2048 });
const untrustedKey = generateKeyPairSync("rsa", { modulusLength: 2048 });
const PROXY_KID = "token-proxy-key";

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const decodePart = (jwt: string, i: number) => JSON.parse(Buffer.from(jwt.split(".")[i]!, "base64url").toString()) as Record<string, unknown>;

function sign(claims: Record<string, unknown>, key: KeyObject, kid = PROXY_KID): string {
  const input = `${b64({ alg: "RS256", typ: "JWT", kid })}.${b64(claims)}`;
  return `${input}.${createSign("RSA-SHA256").update(input).sign(key).toString("base64url")}`;
}

function rewrite(idToken: string): string {
  const claims = decodePart(idToken, 1);
  const now = Math.floor(Date.now() / 1000);
  switch (mode) {
    case "pass":
      lastGoodIdToken = idToken;
      return idToken;
    case "resign":
      return sign(claims, trustedKey.privateKey);
    case "aud":
      return sign({ ...claims, aud: "some-other-client" }, trustedKey.privateKey);
    case "iss":
      return sign({ ...claims, iss: "http://127.0.0.1:9/evil-issuer" }, trustedKey.privateKey);
    case "expired":
      return sign({ ...claims, iat: now - 7200, exp: now - 3600 }, trustedKey.privateKey);
    case "none":
      return `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
    case "untrusted-key":
      return sign(claims, untrustedKey.privateKey);
    case "replay": {
      // A token from an earlier, completed sign-in of the same person: valid in every way but its
      // nonce (at_hash is dropped, as it belongs to the earlier access token; iat/exp are fresh).
      const old = decodePart(lastGoodIdToken!, 1);
      delete old.at_hash;
      return sign({ ...old, iat: now, exp: now + 600 }, trustedKey.privateKey);
    }
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Discovery, JWKS and token go through here; the browser still talks to the real IdP. */
async function handleProxy(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", proxyUrl);
  if (url.pathname === "/.well-known/openid-configuration") {
    const doc = await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json();
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ ...doc, token_endpoint: `${proxyUrl}/token`, jwks_uri: `${proxyUrl}/jwks` }));
    return;
  }
  if (url.pathname === "/jwks") {
    const real = await (await fetch(`${idp.issuer}/jwks`)).json();
    const ours = { ...trustedKey.publicKey.export({ format: "jwk" }), kid: PROXY_KID, alg: "RS256", use: "sig" };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [...real.keys, ours] }));
    return;
  }
  if (url.pathname === "/token" && req.method === "POST") {
    const upstream = await fetch(`${idp.issuer}/token`, {
      method: "POST",
      headers: { "content-type": req.headers["content-type"] ?? "", authorization: req.headers.authorization ?? "" },
      body: await readBody(req),
    });
    const body = await upstream.json();
    if (typeof body.id_token === "string") body.id_token = rewrite(body.id_token);
    res.writeHead(upstream.status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
    return;
  }
  res.writeHead(404).end();
}

/** next-auth's own API-route handler with Frontdesk's options, mounted on a plain Node server. */
async function handleApp(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { default: NextAuth } = await import("next-auth/next");
  const { getAuthOptions } = await import("./options");
  const url = new URL(req.url ?? "/", appUrl);
  if (!url.pathname.startsWith("/api/auth/")) {
    res.writeHead(200, { "content-type": "text/plain" }).end("page");
    return;
  }
  const raw = await readBody(req);
  const request = Object.assign(req, {
    query: { ...Object.fromEntries(url.searchParams), nextauth: url.pathname.slice("/api/auth/".length).split("/") },
    body: raw ? Object.fromEntries(new URLSearchParams(raw)) : {},
    cookies: Object.fromEntries(
      (req.headers.cookie ?? "")
        .split(";")
        .filter(Boolean)
        .map((c) => {
          const i = c.indexOf("=");
          return [c.slice(0, i).trim(), decodeURIComponent(c.slice(i + 1).trim())];
        }),
    ),
  });
  const response = Object.assign(res, {
    status(code: number) {
      res.statusCode = code;
      return response;
    },
    json(value: unknown) {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(value));
    },
    send(value: unknown) {
      res.end(typeof value === "string" ? value : JSON.stringify(value ?? ""));
    },
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  await NextAuth(request as any, response as any, getAuthOptions());
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = createServer((req, res) => void handleApp(req, res).catch((e) => res.writeHead(500).end(String(e))));
  tokenProxy = createServer((req, res) => void handleProxy(req, res).catch(() => res.writeHead(502).end()));
  appUrl = await listen(app);
  proxyUrl = await listen(tokenProxy);
  idp = await startDevIdp({ port: 0, clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [`${appUrl}/api/auth/callback/oidc`] }] });
  vi.stubEnv("NODE_ENV", "test");
  vi.stubEnv("NEXTAUTH_URL", appUrl);
  vi.stubEnv("NEXTAUTH_SECRET", randomBytes(32).toString("hex"));
  vi.stubEnv("DATABASE_URL", database.url);
  vi.stubEnv("FRONTDESK_CATALOG", "frontdesk.config.yaml");
  vi.stubEnv("OIDC_ISSUER", proxyUrl);
  vi.stubEnv("OIDC_CLIENT_ID", CLIENT_ID);
  vi.stubEnv("OIDC_CLIENT_SECRET", CLIENT_SECRET);
  vi.stubEnv("OIDC_SCOPES", "openid email profile groups");
  const { disconnectDb, getDb } = await import("@/lib/db/client");
  await disconnectDb();
  db = await getDb({ DATABASE_URL: database.url, FRONTDESK_DATA_DIR: ".frontdesk" });
  const { getAuthOptions } = await import("./options");
  const logger = getAuthOptions().logger!;
  const original = logger.error!.bind(logger);
  logger.error = (code: string, metadata?: unknown) => {
    const m = metadata as { error?: { message?: string }; message?: string } | undefined;
    failures.push(`${code}: ${m?.error?.message ?? m?.message ?? ""}`);
    original(code, metadata as Error);
  };
});

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db/client");
  await disconnectDb();
  await new Promise((r) => app?.close(r));
  await new Promise((r) => tokenProxy?.close(r));
  await idp?.stop();
  await database?.drop();
  vi.unstubAllEnvs();
});

interface Started {
  browser: TestBrowser;
  /** The IdP's redirect back to Frontdesk, not yet followed. */
  callbackUrl: string;
}

/** Starts sign-in at Frontdesk and signs in at the IdP, stopping before the callback reaches Frontdesk. */
async function startSignIn(username: string, options: { browser?: TestBrowser; secondFactor?: boolean } = {}): Promise<Started> {
  const browser = options.browser ?? new TestBrowser();
  const csrf = (await (await browser.request(`${appUrl}/api/auth/csrf`)).json()) as { csrfToken: string };
  const start = await browser.request(`${appUrl}/api/auth/signin/oidc`, { form: { csrfToken: csrf.csrfToken, callbackUrl: `${appUrl}/requests` } });
  expect(start.status).toBe(302);
  const authorize = start.headers.get("location")!;
  expect(authorize.startsWith(`${idp.issuer}/auth?`)).toBe(true);
  const atCallback = (u: string) => u.startsWith(`${appUrl}/api/auth/callback/oidc`);
  const login = await browser.navigate(authorize, {}, atCallback);
  const form = readForm(login.html, login.url);
  const fields: Record<string, string> = { ...form.fields, username, password: "demo", action: "login" };
  delete fields.second_factor;
  if (options.secondFactor) fields.second_factor = "on";
  const back = await browser.navigate(form.action, { form: fields }, atCallback);
  expect(atCallback(back.url)).toBe(true);
  return { browser, callbackUrl: back.url };
}

interface Outcome {
  sessionCookie: string | undefined;
  location: string;
}

async function finish(browser: TestBrowser, callbackUrl: string): Promise<Outcome> {
  const response = await browser.request(callbackUrl);
  await response.body?.cancel();
  const sessionCookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return { sessionCookie, location: response.headers.get("location") ?? "" };
}

async function signedInCount(): Promise<{ users: number; signIns: number }> {
  return { users: await db.user.count(), signIns: await db.auditEvent.count({ where: { action: "auth.signed-in" } }) };
}

const jar = (browser: TestBrowser) => browser as unknown as { cookies: { name: string; value: string }[] };

async function expectRefused(outcome: Outcome, before: { users: number; signIns: number }) {
  expect(outcome.sessionCookie, "no session cookie may be set").toBeUndefined();
  expect(outcome.location).toMatch(new RegExp(`^${appUrl}/(signin|api/auth/error)\\?error=`));
  expect(await signedInCount(), "no sign-in may be recorded").toEqual(before);
}

const tried: string[] = [];
const accepted: string[] = [];
/** What next-auth logged for each failure (the underlying check's message), read by the tests only. */
const failures: string[] = [];

async function negative(name: string, why: RegExp, run: () => Promise<Outcome>) {
  const before = await signedInCount();
  tried.push(name);
  failures.length = 0;
  const outcome = await run();
  if (outcome.sessionCookie) accepted.push(name);
  await expectRefused(outcome, before);
  // The refusal came from the check this case is about, not from something incidental.
  expect(failures.join(" | "), name).toMatch(why);
}

describe("OIDC sign-in through next-auth and the dev IdP", () => {
  it("accepts a normal sign-in, and one whose ID token the proxy re-signed unchanged (the control)", async () => {
    mode = "pass";
    const first = await startSignIn("alice");
    const ok = await finish(first.browser, first.callbackUrl);
    expect(ok.location).toBe(`${appUrl}/requests`);
    expect(ok.sessionCookie).toMatch(/HttpOnly/i);
    expect(ok.sessionCookie).toMatch(/SameSite=Lax/i);
    expect(ok.sessionCookie).toMatch(/Path=\//i);
    expect(ok.sessionCookie).not.toMatch(/Secure/i);

    mode = "resign";
    const control = await startSignIn("alice");
    expect((await finish(control.browser, control.callbackUrl)).sessionCookie).toBeDefined();
    mode = "pass";
  });

  it("puts authTime, mfa and method in the session; the second-factor checkbox sets mfa", async () => {
    mode = "pass";
    const session = async (secondFactor: boolean) => {
      const started = await startSignIn("bob", { secondFactor });
      const before = Math.floor(Date.now() / 1000);
      expect((await finish(started.browser, started.callbackUrl)).sessionCookie).toBeDefined();
      const body = (await (await started.browser.request(`${appUrl}/api/auth/session`)).json()) as {
        auth: { authTime: number; signedInAt: number; mfa: boolean; method: string };
      };
      expect(body.auth.method).toBe("oidc");
      expect(Math.abs(body.auth.authTime - before)).toBeLessThan(30);
      expect(Math.abs(body.auth.signedInAt - before)).toBeLessThan(30);
      expect(decodePart(lastGoodIdToken!, 1).auth_time, "the dev IdP always sends auth_time").toEqual(expect.any(Number));
      return body.auth.mfa;
    };
    expect(await session(false)).toBe(false);
    expect(await session(true)).toBe(true);
    expect(decodePart(lastGoodIdToken!, 1)).toMatchObject({ amr: ["pwd", "otp"], acr: "urn:frontdesk:dev:mfa" });
  });

  it("refuses a callback without state", async () => {
    await negative("missing state", /state missing from the response/, async () => {
      const { browser, callbackUrl } = await startSignIn("alice");
      const url = new URL(callbackUrl);
      url.searchParams.delete("state");
      return finish(browser, url.href);
    });
  });

  it("refuses a state from another browser's flow (own code, own PKCE, swapped state)", async () => {
    await negative("swapped state", /state mismatch/, async () => {
      const a = await startSignIn("alice");
      const b = await startSignIn("bob");
      const url = new URL(a.callbackUrl);
      url.searchParams.set("state", new URL(b.callbackUrl).searchParams.get("state")!);
      return finish(a.browser, url.href);
    });
  });

  it("refuses when the PKCE verifier is not the one the code was issued for", async () => {
    await negative("wrong PKCE verifier", /invalid_grant/, async () => {
      const a = await startSignIn("alice");
      const b = await startSignIn("bob");
      // A's own code and state, but B's (validly sealed) code_verifier cookie.
      const name = "next-auth.pkce.code_verifier";
      const bVerifier = jar(b.browser).cookies.find((c) => c.name === name)!;
      const aCookie = jar(a.browser).cookies.find((c) => c.name === name)!;
      expect(aCookie.value).not.toBe(bVerifier.value);
      aCookie.value = bVerifier.value;
      return finish(a.browser, a.callbackUrl);
    });
  });

  it.each([
    ["wrong audience", "aud", /aud mismatch/],
    ["wrong issuer", "iss", /unexpected iss/],
    ["expired ID token", "expired", /JWT expired/],
    ["unsigned (alg none) ID token", "none", /unexpected JWT alg received/],
    ["ID token signed by an untrusted key", "untrusted-key", /no valid key found|failed to validate JWT signature/],
  ] as const)("refuses a %s", async (name, tokenMode, why) => {
    await negative(name, why, async () => {
      const started = await startSignIn("alice");
      mode = tokenMode;
      try {
        return await finish(started.browser, started.callbackUrl);
      } finally {
        mode = "pass";
      }
    });
  });

  it("refuses a replayed ID token (the nonce of an earlier sign-in)", async () => {
    mode = "pass";
    const earlier = await startSignIn("alice");
    expect((await finish(earlier.browser, earlier.callbackUrl)).sessionCookie).toBeDefined();
    await negative("replayed nonce", /nonce mismatch/, async () => {
      const started = await startSignIn("alice");
      mode = "replay";
      try {
        return await finish(started.browser, started.callbackUrl);
      } finally {
        mode = "pass";
      }
    });
  });

  it("refuses a replayed callback (the same code and state twice)", async () => {
    mode = "pass";
    const started = await startSignIn("alice");
    expect((await finish(started.browser, started.callbackUrl)).sessionCookie).toBeDefined();
    const replayer = new TestBrowser();
    await negative("replayed authorization code", /State cookie was missing|invalid_grant/, () => finish(replayer, started.callbackUrl));
  });

  it("reports: every negative case was refused", () => {
    console.info(`[oidc negative cases] tried ${tried.length}, accepted ${accepted.length}: ${tried.join("; ")}`);
    expect(tried).toHaveLength(10);
    expect(accepted).toEqual([]);
  });
});
