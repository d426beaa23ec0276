import { expect, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";

/**
 * Signs in through the dev IdP's real login page, in a fresh browser context of its own;
 * `secondFactor` ticks the IdP's "I used a second factor" box (an MFA sign-in).
 */
export async function signedInPage(
  browser: Browser,
  username: string,
  path = "/requests",
  options: { secondFactor?: boolean; context?: BrowserContextOptions } = {},
): Promise<Page> {
  const context = await browser.newContext(options.context);
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

/** Adds a role with the form's role picker: searched for by its label, then chosen from the list. */
export async function pickRole(page: Page, label: string): Promise<void> {
  const box = page.getByRole("combobox", { name: "Role" });
  await box.fill(label);
  const option = page.getByRole("listbox", { name: "Roles" }).getByRole("option", { name: label });
  // The only role on offer is chosen already: a click would take it away again.
  if ((await option.getAttribute("aria-selected")) !== "true") await option.click();
  await box.fill("");
  await box.press("Escape");
  await expect(page.getByRole("list", { name: "Chosen roles" })).toContainText(label);
}

export async function requestRole(page: Page, role: string, justification: string, duration = "1 h"): Promise<string> {
  await openRequestForm(page);
  await pickRole(page, role);
  await page.getByLabel("Duration").selectOption({ label: duration });
  await page.getByLabel("Justification").fill(justification);
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/requests\/[a-z0-9]+\?created=1$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}

/**
 * Ends or cancels this person's open requests for a role (one open request per role at a time),
 * so the test does not depend on what earlier specs left behind.
 */
export async function freeRole(page: Page, roleName: string): Promise<void> {
  for (let round = 0; round < 5; round++) {
    await page.goto("/requests");
    await expect(page.getByRole("heading", { name: "My access" })).toBeVisible();
    const open = page
      .getByRole("list", { name: /^(Active access|Scheduled access|Your pending requests)$/ })
      .getByRole("listitem")
      .filter({ has: page.getByText(roleName, { exact: true }) });
    if ((await open.count()) === 0) return;
    await open.first().getByRole("link").click();
    // The request page offers one of the two, once it has replaced the list.
    await expect(page.getByRole("button", { name: /^(I'm done|Cancel request)$/ })).toBeVisible();
    const end = page.getByRole("button", { name: "I'm done" });
    if ((await end.count()) > 0) {
      await end.click();
      await page.getByRole("dialog", { name: "End your access now?" }).getByRole("button", { name: "End access" }).click();
      await expect(page.getByText("Ended", { exact: true })).toBeVisible();
    } else {
      await page.getByRole("button", { name: "Cancel request" }).click();
      await page.getByRole("dialog", { name: "Cancel this request?" }).getByRole("button", { name: "Cancel request" }).click();
      await expect(page.getByText("Cancelled", { exact: true })).toBeVisible();
    }
  }
}
