import { expect, type Browser, type Page } from "@playwright/test";

/**
 * Signs in through the dev IdP's real login page, in a fresh browser context of its own;
 * `secondFactor` ticks the IdP's "I used a second factor" box (an MFA sign-in).
 */
export async function signedInPage(
  browser: Browser,
  username: string,
  path = "/requests",
  options: { secondFactor?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(path);
  await expect(page).toHaveURL(/\/signin/);
  await page.getByRole("button", { name: "Sign in with Demo IdP" }).click();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill("demo");
  if (options.secondFactor) await page.getByLabel("I used a second factor").check();
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[?]/g, "\\?")}$`));
  return page;
}

/** The request form once React has taken it over, so nothing typed is overwritten by hydration. */
export async function openRequestForm(page: Page): Promise<void> {
  if (!page.url().endsWith("/requests/new")) await page.goto("/requests/new");
  await expect(page.locator('form[data-ready="true"]')).toBeVisible();
}

export async function requestRole(page: Page, role: string, justification: string, duration = "1 h"): Promise<string> {
  await openRequestForm(page);
  await page.getByLabel("Role").selectOption({ label: role });
  await page.getByLabel("Duration").selectOption({ label: duration });
  await page.getByLabel("Justification").fill(justification);
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/requests\/[a-z0-9]+\?created=1$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}
