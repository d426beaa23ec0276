// Sessions end on the server (over HTTP, against the production build): a cookie copied before
// sign-out, or replayed after the idle limit, no longer acts on pages, APIs or next-auth's own
// /api/auth/session; neither do cookies past the absolute cap, dated in the future, or naming a
// person who does not exist. Tokens are replayed as they would be later, without waiting.
import { expect, test, type Browser } from "@playwright/test";
import { signedInPage } from "./helpers";
import { E2E_APP_URL } from "./ports";
import { decodeSessionToken, encodeSessionToken } from "./session-tokens";

const COOKIE = "next-auth.session-token";
const secret = () => {
  const value = process.env.E2E_NEXTAUTH_SECRET;
  if (!value) throw new Error("global setup did not share the app's NEXTAUTH_SECRET");
  return value;
};
const IDLE_SECONDS = 60 * 60; // SESSION_IDLE_MINUTES default
const CAP_SECONDS = 8 * 60 * 60; // SESSION_MAX_HOURS default

const get = (path: string, token: string) => fetch(`${E2E_APP_URL}${path}`, { headers: { cookie: `${COOKIE}=${token}` }, redirect: "manual" });

async function sessionOf(token: string): Promise<Record<string, unknown>> {
  return (await (await get("/api/auth/session", token)).json()) as Record<string, unknown>;
}

/** Passes when the cookie still acts: the page renders and the session endpoint names the person. */
async function expectActs(token: string, path: string, email: string) {
  const page = await get(path, token);
  expect(page.status, `${path} with a live cookie`).toBe(200);
  expect(((await sessionOf(token)).user as { email?: string } | undefined)?.email).toBe(email);
}

async function expectEnded(token: string, path: string, what: string) {
  const page = await get(path, token);
  expect(page.status, `${path}: ${what}`).toBe(307);
  expect(page.headers.get("location"), what).toMatch(/\/signin\?reason=expired/);
  expect(await sessionOf(token), `/api/auth/session: ${what}`).toEqual({});
}

async function cookieOf(browser: Browser, username: string) {
  const page = await signedInPage(browser, username);
  const cookie = (await page.context().cookies()).find((c) => c.name === COOKIE);
  expect(cookie).toBeDefined();
  return { page, token: cookie!.value };
}

test("a cookie copied before sign-out no longer acts after it, on pages, APIs and /api/auth/session", async ({ browser }) => {
  const { page: carol, token } = await cookieOf(browser, "carol");
  await expectActs(token, "/admin/audit", "carol@example.com");
  expect((await get("/api/audit/export?format=csv", token)).status).toBe(200);

  await carol.getByRole("button", { name: "Sign out" }).click();
  await expect(carol).toHaveURL(/\/signin\?signedOut=1/);

  await expectEnded(token, "/admin/audit", "replayed after sign-out");
  expect((await get("/api/audit/export?format=csv", token)).status).toBe(401);

  // Signing in again gives a new session that works.
  const again = await cookieOf(browser, "carol");
  await expectActs(again.token, "/admin/audit", "carol@example.com");
  await again.page.context().close();
  await carol.context().close();
});

test("a cookie replayed after the idle limit is refused from the token itself", async ({ browser }) => {
  const { page: carol, token } = await cookieOf(browser, "carol");
  const claims = await decodeSessionToken(token, secret());
  const now = Math.floor(Date.now() / 1000);
  // exp far ahead: what a token carried before (next-auth's 30 days), so only the server's own
  // idle check can refuse it.
  const replay = (changes: Record<string, unknown>) => encodeSessionToken({ ...claims, exp: now + 30 * 86400, ...changes }, secret());

  // Control: re-signed as it is, the token acts (the forging itself is sound).
  await expectActs(await replay({ iat: now - 60 }), "/admin/audit", "carol@example.com");

  const idle = await replay({ iat: now - IDLE_SECONDS - 30, signedInAt: now - IDLE_SECONDS - 60 });
  await expectEnded(idle, "/admin/audit", "unused for longer than the idle limit");
  expect((await get("/api/audit/export?format=csv", idle)).status).toBe(401);

  await carol.context().close();
});

test("next-auth's /api/auth/session refuses what the app refuses: past the cap, signed in in the future, an unknown person", async ({ browser }) => {
  const { page: carol, token } = await cookieOf(browser, "carol");
  const claims = await decodeSessionToken(token, secret());
  const now = Math.floor(Date.now() / 1000);
  const replay = (changes: Record<string, unknown>) => encodeSessionToken({ ...claims, iat: now - 60, exp: now + 3600, ...changes }, secret());
  // Each on /api/auth/session first: before, that endpoint named the person for all three.
  for (const [what, changes] of [
    ["older than the absolute cap", { signedInAt: now - CAP_SECONDS - 60 }],
    ["sign-in time in the future", { signedInAt: now + 3600 }],
    ["unknown person", { uid: "nobody-by-this-id" }],
  ] as const) {
    const cookie = await replay(changes);
    expect(await sessionOf(cookie), `/api/auth/session: ${what}`).toEqual({});
    await expectEnded(cookie, "/requests", what);
  }
  await carol.context().close();
});
