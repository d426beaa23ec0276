import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Issuer, generators, type BaseClient, type TokenSet } from "openid-client";

import { startDevIdp, type DevIdp } from "./idp";
import { TestBrowser, readForm } from "./test-browser";

const APP = "http://localhost:3999";
const REDIRECT_URI = `${APP}/api/auth/callback/oidc`;
const CLIENT_ID = "test-rp";
const CLIENT_SECRET = randomBytes(24).toString("hex");
const SCOPE = "openid email profile groups";

let idp: DevIdp;
let client: BaseClient;

beforeAll(async () => {
  idp = await startDevIdp({
    port: 0,
    clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI] }],
  });
  const issuer = await Issuer.discover(idp.issuer);
  client = new issuer.Client({
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_uris: [REDIRECT_URI],
    response_types: ["code"],
  });
});

afterAll(async () => {
  await idp?.stop();
});

function authorizationRequest(extra: Record<string, string> = {}) {
  const codeVerifier = generators.codeVerifier();
  const state = generators.state();
  const nonce = generators.nonce();
  const url = client.authorizationUrl({
    scope: SCOPE,
    code_challenge: generators.codeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...extra,
  });
  return { url, checks: { code_verifier: codeVerifier, state, nonce } };
}

const atCallback = (url: string) => url.startsWith(REDIRECT_URI);

/** Runs the whole code + PKCE flow through the login form; asserts the login page is shown. */
async function signIn(browser: TestBrowser, username: string, extra: Record<string, string> = {}): Promise<TokenSet> {
  const { url, checks } = authorizationRequest(extra);
  const login = await browser.navigate(url, {}, atCallback);
  expect(login.url, "the login page should be shown, not a silent redirect").not.toMatch(/^http:\/\/localhost:3999/);
  expect(login.status).toBe(200);
  expect(login.html).toContain('<label for="username">Username</label>');
  expect(login.html).toContain('<label for="password">Password</label>');
  expect(login.html).toMatch(/<button[^>]*>Sign in<\/button>/);

  const form = readForm(login.html, login.url);
  const done = await browser.navigate(form.action, { form: { ...form.fields, username, password: "demo", action: "login" } }, atCallback);
  expect(done.url).toMatch(/^http:\/\/localhost:3999\/api\/auth\/callback\/oidc\?/);
  return client.callback(REDIRECT_URI, client.callbackParams(done.url), checks);
}

describe("dev IdP", () => {
  it("publishes a discovery document for code flow with PKCE, RS256 and the groups scope", async () => {
    const response = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const doc = await response.json();
    expect(idp.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(doc.issuer).toBe(idp.issuer);
    expect(doc.response_types_supported).toEqual(["code"]);
    expect(doc.code_challenge_methods_supported).toContain("S256");
    expect(doc.id_token_signing_alg_values_supported).toContain("RS256");
    expect(doc.scopes_supported).toEqual(expect.arrayContaining(["openid", "email", "profile", "groups"]));
    expect(doc.claims_supported).toEqual(expect.arrayContaining(["sub", "email", "email_verified", "name", "groups", "amr"]));
    expect(doc.end_session_endpoint).toBe(`${idp.issuer}/session/end`);

    const jwks = await (await fetch(doc.jwks_uri)).json();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(jwks.keys[0].d, "no private key material in the JWKS").toBeUndefined();
  });

  it("signs a demo user in with code + PKCE and puts groups, email, name and amr in the ID token", async () => {
    const browser = new TestBrowser();
    const { url } = authorizationRequest();
    const login = await browser.navigate(url);
    const form = readForm(login.html, login.url);
    const wrong = await browser.navigate(form.action, { form: { ...form.fields, username: "alice", password: "nope" } });
    expect(wrong.status).toBe(200);
    expect(wrong.html).toMatch(/role="alert">The username or password is incorrect\./);
    expect(wrong.html).toContain('value="alice"');

    const tokens = await signIn(browser, "alice");
    const header = JSON.parse(Buffer.from(tokens.id_token!.split(".")[0]!, "base64url").toString());
    expect(header.alg).toBe("RS256");
    expect(tokens.claims()).toMatchObject({
      iss: idp.issuer,
      aud: CLIENT_ID,
      sub: "demo-alice",
      email: "alice@example.com",
      email_verified: true,
      name: "Alice Example",
      groups: ["engineering"],
      amr: ["pwd"],
    });
  });

  it("shows the login page again for a second user in the same browser, with or without prompt=login", async () => {
    const browser = new TestBrowser();
    expect((await signIn(browser, "alice")).claims().sub).toBe("demo-alice");

    const bob = (await signIn(browser, "bob")).claims();
    expect(bob).toMatchObject({ sub: "demo-bob", groups: ["engineering", "security"] });

    const carol = (await signIn(browser, "carol", { prompt: "login" })).claims();
    expect(carol).toMatchObject({ sub: "demo-carol", groups: ["platform-admins", "security"], email: "carol@example.com" });
  });

  it("returns access_denied to the app when the user cancels", async () => {
    const browser = new TestBrowser();
    const { url } = authorizationRequest();
    const login = await browser.navigate(url);
    const form = readForm(login.html, login.url);
    const done = await browser.navigate(form.action, { form: { ...form.fields, action: "cancel" } }, atCallback);
    expect(new URL(done.url).searchParams.get("error")).toBe("access_denied");
  });

  it("ends the IdP session on RP-initiated logout and returns to the app", async () => {
    const browser = new TestBrowser();
    const tokens = await signIn(browser, "alice");
    expect(browser.cookieNames(new URL(idp.issuer).host)).toContain("_session");

    const logoutUrl = client.endSessionUrl({ id_token_hint: tokens.id_token!, post_logout_redirect_uri: `${APP}/` });
    const confirm = await browser.navigate(logoutUrl);
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain("Sign out of the Demo IdP?");

    const form = readForm(confirm.html, confirm.url, "op.logoutForm");
    const done = await browser.navigate(form.action, { form: { ...form.fields, logout: "yes" } }, (u) => u.startsWith(APP));
    expect(done.url).toBe(`${APP}/`);
    expect(browser.cookieNames(new URL(idp.issuer).host)).not.toContain("_session");
  });

  it("refuses to start when NODE_ENV is production", async () => {
    vi.stubEnv("NODE_ENV", "production");
    try {
      await expect(startDevIdp({ port: 0, clients: [{ clientId: "x", clientSecret: "y", redirectUris: [REDIRECT_URI] }] })).rejects.toThrow(
        /refuses to start when NODE_ENV is "production"/,
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
