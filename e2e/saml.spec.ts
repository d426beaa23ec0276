// Sign-in through the development SAML IdP, in a real browser: SP-initiated AuthnRequest, the
// IdP's login page, its auto-posting form to the ACS endpoint, the one-time ticket, the session.
// Then the very same SAMLResponse, posted again by the same browser, must be refused.
import { expect, test, type Page } from "@playwright/test";

async function replayPost(page: Page, action: string, fields: URLSearchParams): Promise<void> {
  const inputs = [...fields.entries()].map(([name, value]) => `<input type="hidden" name="${name}" value="${value.replace(/"/g, "&quot;")}">`).join("");
  await page.setContent(`<form method="post" action="${action}">${inputs}<button type="submit">Replay</button></form>`);
  await page.getByRole("button", { name: "Replay" }).click();
}

test("signs in through the SAML IdP and refuses a replayed response", async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const acsPosts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url().endsWith("/api/auth/saml/acs")) acsPosts.push(request.postData() ?? "");
  });

  await page.goto("/approvals");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fapprovals/);
  await page.getByRole("link", { name: "Sign in with Demo SAML IdP" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to the Demo SAML IdP" })).toBeVisible();
  await page.getByLabel("Username").fill("bob");
  await page.getByLabel("Password").fill("demo");
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(/\/approvals$/);
  // Signed in as Bob: the profile menu names him and his address.
  await page.locator("summary").filter({ hasText: "Profile and time zone" }).click();
  await expect(page.getByText("bob@example.com")).toBeVisible();
  expect(acsPosts).toHaveLength(1);
  // The one-time ticket rode in the fragment and was wiped from the address bar.
  expect(page.url()).not.toContain("ticket");

  // Sign out (drop the session cookie), then post the captured response again from this browser.
  await context.clearCookies();
  await replayPost(page, `${baseURL}/api/auth/saml/acs`, new URLSearchParams(acsPosts[0]));
  await expect(page).toHaveURL(/\/signin\?error=SamlReplay$/);
  // Next's route announcer is an alert too: look for the sign-in failure itself.
  await expect(page.getByRole("alert").filter({ hasText: "Sign-in failed" })).toBeVisible();
  await page.goto("/approvals");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fapprovals/);
  await context.close();
});
