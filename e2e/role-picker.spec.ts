// The request form's role picker: search, keyboard selection (combobox and listbox), favourites
// kept per person across visits, the person's recent roles, and a 360 px wide phone.
import { expect, test } from "@playwright/test";
import { freeRole, openRequestForm, pickRole, requestRole, signedInPage } from "./helpers";

const DEVELOPER = "Developer · Sandbox (123456789012)";
const READONLY = "ReadOnly · Production (210987654321)";

test("search and choose with the keyboard, star a favourite, see recent roles, on a phone", async ({ browser }) => {
  const alice = await signedInPage(browser, "alice", "/requests");
  await alice.setViewportSize({ width: 360, height: 740 });
  // A recent role: one request for Developer, withdrawn again.
  await freeRole(alice, "Developer");
  await requestRole(alice, DEVELOPER, "Recent role for the picker");
  await freeRole(alice, "Developer");

  await openRequestForm(alice);
  const box = alice.getByRole("combobox", { name: "Role" });
  const list = alice.getByRole("listbox", { name: "Roles" });
  await box.focus();
  await expect(list).toBeVisible();
  await expect(list.getByRole("group", { name: "Recent" }).getByRole("option", { name: DEVELOPER })).toBeVisible();

  // Search by account and role, then the keyboard: down to the first match, Enter to choose it.
  await box.fill("production read");
  await expect(list.getByRole("option")).toHaveCount(1);
  await box.press("ArrowDown");
  await expect(box).toHaveAttribute("aria-activedescendant", /.+/);
  await box.press("Enter");
  await expect(list.getByRole("option", { name: READONLY })).toHaveAttribute("aria-selected", "true");
  await expect(alice.getByRole("list", { name: "Chosen roles" })).toContainText(READONLY);
  // A search by account id finds the other account's role; Enter adds it too.
  await box.fill("123456789012");
  await box.press("Enter");
  await expect(alice.getByRole("list", { name: "Chosen roles" }).getByRole("listitem")).toHaveCount(2);
  await box.press("Escape");
  await expect(list).toBeHidden();

  // On a 360 px screen nothing runs off the side.
  const width = await alice.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  const boxSize = await box.boundingBox();
  expect(boxSize!.x + boxSize!.width).toBeLessThanOrEqual(360);

  // A star on a chosen role is kept for the next visit, listed first.
  const star = alice.getByRole("button", { name: `Favourite ${READONLY}` });
  await star.click();
  await expect(star).toHaveAttribute("aria-pressed", "true");
  await expect(async () => {
    await alice.reload();
    await alice.getByRole("combobox", { name: "Role" }).focus();
    await expect(alice.getByRole("group", { name: "Favourites" }).getByRole("option", { name: READONLY })).toBeVisible({ timeout: 1000 });
  }).toPass();

  // And unstarred again (another spec's order of options stays as it was).
  await alice.getByRole("option", { name: READONLY }).click();
  await alice.getByRole("button", { name: `Favourite ${READONLY}` }).click();
  await expect(alice.getByRole("button", { name: `Favourite ${READONLY}` })).toHaveAttribute("aria-pressed", "false");
});

test("a refusal for one role leaves the form once another role is chosen instead", async ({ browser }) => {
  const alice = await signedInPage(browser, "alice", "/requests");
  await freeRole(alice, "ReadOnly");
  await requestRole(alice, READONLY, "Already pending: the second ask is refused");

  // The same role again: the server refuses it (one open request per role), and the form says so.
  await openRequestForm(alice);
  await pickRole(alice, READONLY);
  await alice.getByLabel("Justification").fill("A second request for the same role");
  await alice.getByRole("button", { name: "Send request" }).click();
  const refused = alice.getByRole("alert").filter({ hasText: "The request was not sent" });
  await expect(refused).toBeVisible();
  await expect(refused).toContainText("already have a pending request");
  await expect(refused.getByRole("link")).toHaveAttribute("href", /^\/requests\/[a-z0-9]+$/);

  // Another role instead: the refusal was about ReadOnly, so it goes; what was typed stays.
  await alice.getByRole("button", { name: `Remove ${READONLY}` }).click();
  await pickRole(alice, DEVELOPER);
  await expect(alice.getByText("The request was not sent")).toHaveCount(0);
  await expect(alice.getByRole("list", { name: "Chosen roles" }).getByRole("listitem")).toHaveCount(1);
  await expect(alice.getByLabel("Justification")).toHaveValue("A second request for the same role");
  await freeRole(alice, "ReadOnly");
  await alice.context().close();
});
