// The first visit on a fresh database, before any other spec has asked for anything: this file is
// its own Playwright project, and the rest of the suite depends on it (playwright.config.ts).
import { expect, test } from "@playwright/test";
import { signedInPage } from "./helpers";

test("a person with no requests and an approver with nothing to decide each see what comes next", async ({ browser }) => {
  const alice = await signedInPage(browser, "alice");
  await expect(alice.getByRole("heading", { name: "My access" })).toBeVisible();
  await expect(alice.getByText("No requests yet")).toBeVisible();
  await alice.getByRole("main").getByRole("link", { name: "Request access" }).first().click();
  await expect(alice).toHaveURL(/\/requests\/new$/);
  // Before any role is chosen the form is an ordinary request, never break glass.
  await expect(alice.locator('form[data-ready="true"]')).toBeVisible();
  await expect(alice.getByRole("button", { name: "Send request" })).toBeVisible();
  await expect(alice.getByText(/break glass/i)).toHaveCount(0);
  await alice.context().close();

  const bob = await signedInPage(browser, "bob", "/approvals");
  await expect(bob.getByText("Nothing to decide.")).toBeVisible();
  await expect(bob.getByText("Nothing to review")).toBeVisible();
  await bob.context().close();
});
