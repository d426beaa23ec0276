// What must be refused in the browser: own approvals, forbidden roles, over-long durations and
// empty justifications. The server refuses even when the form is tampered with.
import { expect, test, type Page } from "@playwright/test";
import { openRequestForm, pickRole, signedInPage } from "./helpers";

const ADMIN = "Administrator · Production (210987654321)";

/** Carol asks for the admin role, whose rule wants an incident or change ticket. */
async function requestAdmin(page: Page, justification: string): Promise<string> {
  await openRequestForm(page);
  await pickRole(page, ADMIN);
  await page.getByLabel("Ticket (required)").fill("INC-100");
  await page.getByLabel("Justification").fill(justification);
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page).toHaveURL(/\/requests\/[a-z0-9]+\?created=1$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}

/** Withdraws a pending request (one pending request per role at a time). */
async function cancelRequest(page: Page, requestId: string): Promise<void> {
  await page.goto(`/requests/${requestId}`);
  await page.getByRole("button", { name: "Cancel request" }).click();
  await page.getByRole("dialog", { name: "Cancel this request?" }).getByRole("button", { name: "Cancel request" }).click();
  await expect(page.getByText("Cancelled", { exact: true })).toBeVisible();
}

test("an approver cannot approve their own request", async ({ browser }) => {
  // Carol approves every role (security) and may request the admin role (platform-admins).
  const carol = await signedInPage(browser, "carol");
  const requestId = await requestAdmin(carol, "Apply the database migration");

  await carol.goto(`/requests/${requestId}?action=approve`);
  await expect(carol.getByText("You cannot approve your own request.")).toBeVisible();
  await expect(carol.getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);

  await carol.goto("/approvals");
  await expect(carol.getByText("Apply the database migration")).toHaveCount(0);
  await cancelRequest(carol, requestId);
});

test("someone who does not approve the role cannot see or decide it", async ({ browser }) => {
  const carol = await signedInPage(browser, "carol");
  const requestId = await requestAdmin(carol, "Rotate the root credentials");
  const alice = await signedInPage(browser, "alice");
  const response = await alice.goto(`/requests/${requestId}`);
  expect(response?.status()).toBe(404);
  await expect(alice.getByText("Not found")).toBeVisible();
  await cancelRequest(carol, requestId);
});

test("the form offers only allowed roles, and the server refuses a tampered one", async ({ browser }) => {
  const alice = await signedInPage(browser, "alice", "/requests/new");
  await openRequestForm(alice);
  await alice.getByRole("combobox", { name: "Role" }).click();
  // Recent roles come first once the person has asked for some: compared as a set.
  const roles = await alice.getByRole("listbox", { name: "Roles" }).getByRole("option").allTextContents();
  expect(roles.sort()).toEqual(["Developer · Sandbox (123456789012)", "Operator · Production (210987654321)", "ReadOnly · Production (210987654321)"]);

  // Filled first: typing re-renders the form, which would put the real choice back.
  await alice.getByLabel("Justification").fill("I would like admin please");
  await pickRole(alice, "Developer · Sandbox (123456789012)");
  // The role travels in the form's hidden field: rewritten there, as a forged submission would.
  await alice.locator('input[name="roleId"]').evaluate((field: HTMLInputElement) => {
    field.value = "prod-admin";
  });
  await alice.getByRole("button", { name: "Send request" }).click();
  await expect(alice.getByRole("alert").filter({ hasText: "You may not request this role." }).first()).toBeVisible();
  await expect(alice).toHaveURL(/\/requests\/new$/);
});

test("a duration above the role's maximum gets a clear error", async ({ browser }) => {
  const alice = await signedInPage(browser, "alice", "/requests/new");
  await openRequestForm(alice);
  await pickRole(alice, "ReadOnly · Production (210987654321)");
  const durations = await alice.getByLabel("Duration").locator("option").allTextContents();
  expect(durations.at(-1)).toBe("4 h");
  await alice.getByLabel("Justification").fill("Long investigation");
  await alice.getByLabel("Duration").evaluate((select: HTMLSelectElement) => {
    select.add(new Option("3 days", "4320"));
    select.value = "4320";
  });
  await alice.getByRole("button", { name: "Send request" }).click();
  await expect(alice.getByText("ReadOnly can be requested for at most 4 h.").first()).toBeVisible();
  await expect(alice.getByLabel("Duration")).toHaveAttribute("aria-invalid", "true");
});

test("an empty justification is refused and the other choices are kept", async ({ browser }) => {
  const alice = await signedInPage(browser, "alice", "/requests/new");
  await openRequestForm(alice);
  await pickRole(alice, "ReadOnly · Production (210987654321)");
  await alice.getByLabel("Duration").selectOption({ label: "2 h" });
  await alice.getByLabel("Justification").fill("   ");
  await alice.getByRole("button", { name: "Send request" }).click();
  await expect(alice.getByText("Say why you need this access").first()).toBeVisible();
  await expect(alice.getByLabel("Justification")).toHaveAttribute("aria-invalid", "true");
  await expect(alice).toHaveURL(/\/requests\/new$/);
  await expect(alice.getByRole("list", { name: "Chosen roles" })).toHaveText(/^ReadOnly · Production \(210987654321\)/);
  await expect(alice.getByLabel("Duration")).toHaveValue("120");
});
