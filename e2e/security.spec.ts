// Web hardening over HTTP against the production build: headers on every kind of response, the CSP
// nonce on Next's scripts with no violations, cross-origin state changes refused, open redirects
// kept on the site, rate limits, and re-authentication (MFA step-up) coming back to the same page.
import { expect, test, type Page, type Response } from "@playwright/test";
import { pickRole, signedInPage } from "./helpers";
import { E2E_APP_URL, E2E_SIGNIN_LIMIT_PER_MINUTE } from "./ports";

const EVIL = "https://evil.example";

function expectHardened(headers: Record<string, string>, what: string) {
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("same-origin");
  expect(headers["content-security-policy"], what).toContain("frame-ancestors 'none'");
  // Served over http here, so no HSTS (production over https adds it: unit-tested).
  expect(headers["strict-transport-security"], what).toBeUndefined();
}

function nonceOf(csp: string): string {
  const match = /'nonce-([^']+)'/.exec(csp);
  expect(match, "the CSP carries a nonce").not.toBeNull();
  return match![1]!;
}

/** Collects CSP violations and console errors of a page. */
function watchViolations(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  return problems;
}

test("pages, API responses, 404s and 429s carry the security headers", async ({ request }) => {
  for (const path of ["/signin", "/api/health", "/no-such-page", "/too-many-requests?retryAfter=30"]) {
    const response = await request.get(path);
    expectHardened(response.headers(), path);
  }
  expect((await request.get("/no-such-page")).status()).toBe(404);
  const csp = (await request.get("/signin")).headers()["content-security-policy"]!;
  expect(csp).toContain("'strict-dynamic'");
  expect(csp).toContain("base-uri 'self'");
  expect(csp).toContain("form-action 'self'");
  expect(csp).not.toContain("unsafe-eval");
  // A fresh nonce on every response.
  expect(nonceOf(csp)).not.toBe(nonceOf((await request.get("/signin")).headers()["content-security-policy"]!));
});

test("Next's scripts carry the response's nonce and the page works with no CSP violation", async ({ page }) => {
  const problems = watchViolations(page);
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
  });
  const response = (await page.goto("/signin")) as Response;
  const nonce = nonceOf(response.headers()["content-security-policy"]!);
  // Every script the server sends carries this response's nonce. Chunks that Next's runtime loads
  // later (an error boundary, say) are inserted by those trusted scripts ('strict-dynamic'), and the
  // violation watch below proves the browser runs them.
  const served = [...(await response.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(served.length).toBeGreaterThan(0);
  for (const tag of served) expect(tag).toContain(`nonce="${nonce}"`);
  // Hydrated: the sign-in button is enabled only once React runs.
  await expect(page.getByRole("button", { name: "Sign in with Demo IdP" })).toBeEnabled();

  // A whole sign-in and a few pages, still without violations.
  const alice = await signedInPage(page.context().browser()!, "alice");
  const aliceProblems = watchViolations(alice);
  await alice.goto("/requests/new");
  await expect(alice.locator('form[data-ready="true"]')).toBeVisible();
  await alice.goto("/no-access");
  await expect(alice.getByRole("heading", { name: "No access yet" })).toBeVisible();
  expect([...problems, ...aliceProblems].filter((p) => /Content Security Policy|CSP violation|Refused to/i.test(p))).toEqual([]);
  await alice.context().close();
});

test("cross-origin state changes are refused: next-auth's POST endpoints and server actions", async ({ browser, request }) => {
  // next-auth's sign-out and sign-in POSTs, from another site.
  for (const path of ["/api/auth/signout", "/api/auth/signin/oidc", "/api/requests/abc/console"]) {
    const refused = await request.post(path, { headers: { Origin: EVIL }, form: { csrfToken: "x" } });
    expect(refused.status(), path).toBe(403);
    expectHardened(refused.headers(), path);
  }
  const fromPage = await request.post("/api/auth/signout", { headers: { Origin: E2E_APP_URL }, form: { csrfToken: "x" } });
  expect(fromPage.status()).not.toBe(403);

  // A server action replayed with the person's cookies from another origin does nothing.
  const alice = await signedInPage(browser, "alice", "/requests/new");
  await expect(alice.locator('form[data-ready="true"]')).toBeVisible();
  let captured: { url: string; headers: Record<string, string>; body: Buffer } | undefined;
  await alice.route("**/requests/new", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    captured = { url: route.request().url(), headers: route.request().headers(), body: route.request().postDataBuffer()! };
    await route.abort();
  });
  const justification = `Cross-origin replay ${Date.now()}`;
  await pickRole(alice, "ReadOnly · Production (210987654321)");
  await alice.getByLabel("Justification").fill(justification);
  await alice.getByRole("button", { name: "Send request" }).click();
  await expect.poll(() => captured).toBeDefined();
  await alice.unroute("**/requests/new");
  const replay = await alice.request.post(captured!.url, { headers: { ...captured!.headers, origin: EVIL }, data: captured!.body, maxRedirects: 0 });
  expect(replay.status()).toBeGreaterThanOrEqual(400);
  // Control: the same replay from Frontdesk's own origin reaches the action, which answers with its
  // validation message (the justification is swapped for a too-short one, so nothing is created).
  const control = await alice.request.post(captured!.url, {
    headers: { ...captured!.headers, origin: E2E_APP_URL },
    data: Buffer.from(captured!.body.toString("utf8").replace(justification, "x")),
    maxRedirects: 0,
  });
  expect(control.status()).toBe(200);
  expect(await control.text()).toContain("Say why you need this access");
  await alice.goto("/requests");
  await expect(alice.getByRole("heading", { name: "My access" })).toBeVisible();
  await expect(alice.getByText(justification)).toHaveCount(0);
  await alice.context().close();
});

test("refused server actions answer 403 from another site and 413 over the body limit, never 500", async ({ browser, request }) => {
  // A real action: the request form's own submission, caught on its way out.
  const alice = await signedInPage(browser, "alice", "/requests/new");
  await expect(alice.locator('form[data-ready="true"]')).toBeVisible();
  let captured: { headers: Record<string, string>; body: Buffer } | undefined;
  await alice.route("**/requests/new", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    captured = { headers: route.request().headers(), body: route.request().postDataBuffer()! };
    await route.abort();
  });
  await pickRole(alice, "ReadOnly · Production (210987654321)");
  await alice.getByLabel("Justification").fill(`Caught action ${Date.now()}`);
  await alice.getByRole("button", { name: "Send request" }).click();
  await expect.poll(() => captured).toBeDefined();
  await alice.context().close();
  expect(captured!.headers["next-action"]).toMatch(/^[0-9a-f]{40,}$/);
  const action = { "next-action": captured!.headers["next-action"]!, "content-type": captured!.headers["content-type"]! };

  const crossSite = await request.post("/requests/new", { headers: { ...action, origin: EVIL }, data: captured!.body, maxRedirects: 0 });
  expect(crossSite.status()).toBe(403);
  expect((await crossSite.json()).error.code).toBe("FORBIDDEN");
  expectHardened(crossSite.headers(), "cross-origin server action");

  const oversized = Buffer.concat([captured!.body, Buffer.alloc(1024 * 1024, "x")]);
  const tooLarge = await request.post("/requests/new", { headers: { ...action, origin: E2E_APP_URL }, data: oversized, maxRedirects: 0 });
  expect(tooLarge.status()).toBe(413);
  expect((await tooLarge.json()).error.code).toBe("TOO_LARGE");
  expectHardened(tooLarge.headers(), "oversized server action");

  // Control: the same submission from Frontdesk's own origin reaches the action, which answers
  // (200) that the caller, who has no session cookie here, must sign in.
  const control = await request.post("/requests/new", { headers: { ...action, origin: E2E_APP_URL }, data: captured!.body, maxRedirects: 0 });
  expect(control.status()).toBe(200);
  expect(await control.text()).toContain("Sign in again");
});

const REDIRECT_PAYLOADS = [
  "//evil.example",
  "/\\evil.example",
  "https://evil.example",
  "%2F%2Fevil.example",
  "%252F%252Fevil.example",
  "javascript:alert(1)",
  "http:evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/.//evil.example",
];

test("open-redirect payloads in callbackUrl stay on the site", async ({ browser }) => {
  const alice = await signedInPage(browser, "alice");
  for (const payload of REDIRECT_PAYLOADS) {
    // A signed-in visit to /signin sends the person on to callbackUrl.
    await alice.goto(`/signin?callbackUrl=${encodeURIComponent(payload)}`);
    expect(new URL(alice.url()).origin, payload).toBe(E2E_APP_URL);
  }
  // next-auth's own redirect callback, through a real sign-in started with a hostile callbackUrl.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/signin?callbackUrl=${encodeURIComponent("https://evil.example/steal")}`);
  await page.getByRole("button", { name: "Sign in with Demo IdP" }).click();
  await page.getByLabel("Username").fill("alice");
  await page.getByLabel("Password").fill("demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "My access" })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(E2E_APP_URL);
  // And straight at next-auth: its sign-out redirect honours only same-origin targets.
  const csrf = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const out = await page.request.post("/api/auth/signout", {
    headers: { Origin: E2E_APP_URL },
    form: { csrfToken: csrf.csrfToken, callbackUrl: "//evil.example", json: "true" },
  });
  expect(new URL((await out.json()).url).origin).toBe(E2E_APP_URL);
  await context.close();
  await alice.context().close();
});

test("sign-in attempts are rate limited per client IP with a clear 429", async ({ request }) => {
  // Without a trusted proxy the X-Forwarded-For header is the client's claim; a made-up address
  // gives this test a bucket of its own.
  const ip = `198.51.100.${(Date.now() % 200) + 20}`;
  let last;
  // Fixed one-minute windows: within twice the limit plus one, some window has gone over it.
  for (let i = 0; i < 2 * (E2E_SIGNIN_LIMIT_PER_MINUTE + 1); i++) {
    last = await request.get("/api/auth/callback/oidc", { headers: { "x-forwarded-for": ip }, maxRedirects: 0 });
    if (last.status() === 429) break;
  }
  expect(last!.status()).toBe(429);
  expect(Number(last!.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await last!.json()).error.code).toBe("RATE_LIMITED");
  const html = await request.get("/api/auth/callback/oidc", {
    headers: { "x-forwarded-for": ip, accept: "text/html", "sec-fetch-mode": "navigate" },
    maxRedirects: 0,
  });
  expect(html.status()).toBe(429);
  expect(await html.text()).toContain("Try again in");
  expectHardened(html.headers(), "429");
  // Another address is unaffected.
  const other = await request.get("/api/auth/csrf", { headers: { "x-forwarded-for": "198.51.100.250" } });
  expect(other.status()).toBe(200);
});

test("MFA step-up signs in again with a second factor and comes back to the same page", async ({ browser }) => {
  const alice = await signedInPage(browser, "alice", "/requests/new");
  const back = "/requests/new";
  await alice.goto(`/signin/reauth?reason=mfa&callbackUrl=${encodeURIComponent(back)}`);
  await expect(alice.getByRole("heading", { name: "Confirm it is you" })).toBeVisible();
  const authorize = alice.waitForRequest((r) => r.url().includes("/auth?"));
  await alice.getByRole("button", { name: "Sign in again with Demo IdP" }).click();
  const params = new URL((await authorize).url()).searchParams;
  expect(params.get("prompt")).toBe("login");
  expect(params.get("max_age")).toBe("0");
  await alice.getByLabel("Username").fill("alice");
  await alice.getByLabel("Password").fill("demo");
  await alice.getByLabel("I used a second factor").check();
  await alice.getByRole("button", { name: "Sign in" }).click();
  await expect(alice).toHaveURL(new RegExp(`${back}$`));
  // Now an MFA session: the step-up page sends the person straight back.
  await alice.goto(`/signin/reauth?reason=mfa&callbackUrl=${encodeURIComponent(back)}`);
  await expect(alice).toHaveURL(new RegExp(`${back}$`));
  // A freshly signed-in person passes the recent-sign-in check the same way.
  await alice.goto(`/signin/reauth?reason=recent&callbackUrl=${encodeURIComponent("/requests")}`);
  await expect(alice).toHaveURL(/\/requests$/);
  await alice.context().close();
});

test("sign-out ends the session; a dead session cookie says the session ended", async ({ browser }) => {
  const alice = await signedInPage(browser, "alice");
  await alice.getByRole("button", { name: "Sign out" }).click();
  await expect(alice).toHaveURL(/\/signin\?signedOut=1/);
  await expect(alice.getByText("You are signed out.")).toBeVisible();
  await alice.goto("/requests");
  await expect(alice).toHaveURL(/\/signin\?callbackUrl=%2Frequests$/);

  await alice.context().addCookies([{ name: "next-auth.session-token", value: "expired-or-forged", url: E2E_APP_URL }]);
  await alice.goto("/requests");
  await expect(alice).toHaveURL(/\/signin\?reason=expired&callbackUrl=%2Frequests$/);
  await expect(alice.getByText("Your session ended")).toBeVisible();
  await alice.context().close();
});

test("the no-access page shows the person's groups and whom to ask", async ({ browser }) => {
  const alice = await signedInPage(browser, "alice", "/no-access");
  await expect(alice.getByRole("heading", { name: "No access yet" })).toBeVisible();
  await expect(alice.getByRole("list", { name: "Your groups" })).toContainText("engineering");
  await expect(alice.getByText(/Ask your Frontdesk admin/)).toBeVisible();
  await alice.context().close();
});

test("after signing in, someone whose groups grant nothing lands on the no-access page with their groups", async ({ browser }) => {
  const context = await browser.newContext();
  const dan = await context.newPage();
  await dan.goto("/signin");
  await dan.getByRole("button", { name: "Sign in with Demo IdP" }).click();
  await dan.getByLabel("Username").fill("dan");
  await dan.getByLabel("Password").fill("demo");
  await dan.getByRole("button", { name: "Sign in" }).click();
  await expect(dan).toHaveURL(/\/no-access$/);
  await expect(dan.getByRole("heading", { name: "No access yet" })).toBeVisible();
  await expect(dan.getByRole("list", { name: "Your groups" })).toContainText("contractors");
  // Straight to /requests (a bookmark, the sign-in default) goes there too.
  await dan.goto("/requests");
  await expect(dan).toHaveURL(/\/no-access$/);
  await context.close();
});

test("a malformed percent-encoding in a path gets a 400 with the security headers, pages and API alike", async () => {
  for (const path of ["/requests/%E0%A4%A", "/api/requests/%E0%A4%A/credentials", "/api/auth/%E0%A4%A", "/requests/%"]) {
    const response = await fetch(`${E2E_APP_URL}${path}`, { redirect: "manual" });
    expect(response.status, path).toBe(400);
    const headers = Object.fromEntries(response.headers);
    expectHardened(headers, path);
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(await response.text(), path).not.toMatch(/Internal Server Error|stack|at .*\.js/);
  }
});
