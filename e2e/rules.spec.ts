// Access rules in the browser: two approvers for one request, break glass reviewed afterwards, a
// scheduled start, a denial that needs its reason, and automatic approval with more time asked on
// top. The demo catalog (frontdesk.config.yaml) holds the rules these rely on.
import { expect, test, type Page } from "@playwright/test";
import { freeRole, openRequestForm, pickRole, signedInPage } from "./helpers";
import { E2E_SLACK_PORT } from "./ports";

const OPERATOR = "Operator · Production (210987654321)";
const ADMIN = "Administrator · Production (210987654321)";
const READONLY = "ReadOnly · Production (210987654321)";
const DEVELOPER = "Developer · Sandbox (123456789012)";

/** Sends the filled-in form and returns the new request's id. */
async function send(page: Page, button = "Send request"): Promise<string> {
  await page.getByRole("button", { name: button }).click();
  await expect(page).toHaveURL(/\/requests\/[a-z0-9]+\?created=1$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}

/** Whether the Slack stand-in received a message about this request in this channel that says this. */
async function postedToSlack(channel: string, requestId: string, words: RegExp): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${E2E_SLACK_PORT}/messages.json`);
  const { messages } = (await response.json()) as { messages: { channel: string; text: string; blocks: unknown[]; history: unknown[] }[] };
  // A message is edited in place as the request moves on: its earlier versions count too.
  const about = messages.filter((m) => m.channel === channel && JSON.stringify(m.blocks).includes(`/requests/${requestId}`));
  return about.some((m) => words.test(JSON.stringify([m.text, m.blocks, m.history])));
}

/** A datetime-local value this many minutes from now, in the browser's own time zone. */
function localTimeAhead(page: Page, minutes: number): Promise<string> {
  return page.evaluate((ahead) => {
    const at = new Date(Date.now() + ahead * 60_000);
    return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  }, minutes);
}

test("a role that needs two approvals stays pending after the first and opens after the second", async ({ browser }) => {
  const alice = await signedInPage(browser, "alice");
  await freeRole(alice, "Operator");
  await openRequestForm(alice);
  await pickRole(alice, OPERATOR);
  await expect(alice.getByTestId("approval-summary")).toHaveText("Needs 2 approvals from security and platform-admins.");
  await expect(alice.getByLabel("Ticket (required)")).toHaveAttribute("placeholder", "OPS-1234");
  await expect(alice.getByLabel("Duration").locator("option").last()).toHaveText("2 h");
  await alice.getByLabel("Duration").selectOption({ label: "1 h" });
  await alice.getByLabel("Justification").fill("Roll out the payment service fix");

  // The rule asks for a ticket of a given shape: checked before anything is sent.
  await alice.getByRole("button", { name: "Send request" }).click();
  await expect(alice.getByText("Operator needs a ticket reference such as OPS-1234.")).toBeVisible();
  await alice.getByLabel("Ticket (required)").fill("JIRA-1");
  await alice.getByRole("button", { name: "Send request" }).click();
  await expect(alice.getByText("“JIRA-1” does not look like a ticket reference for Operator")).toBeVisible();
  await alice.getByLabel("Ticket (required)").fill("OPS-4242");
  const requestId = await send(alice);
  await expect(alice.getByText("It now waits for 2 approvals")).toBeVisible();
  await expect(alice.getByText("OPS-4242", { exact: true })).toBeVisible();

  // Bob approves first: still pending, one of two.
  const bob = await signedInPage(browser, "bob", "/approvals");
  const item = bob.getByRole("list", { name: "Pending requests" }).getByRole("listitem").filter({ hasText: "OPS-4242" });
  await expect(item).toContainText("0 of 2 approvals");
  await expect(item).toContainText("Roll out the payment service fix");
  await item.getByRole("link", { name: /Review request from Alice/ }).click();
  await expect(bob).toHaveURL(new RegExp(`/requests/${requestId}$`));
  await bob.getByRole("button", { name: "Approve" }).click();
  await expect(bob.getByText("You approved; waiting for 1 more approval")).toBeVisible();
  await expect(bob.getByText("Pending approval")).toBeVisible();
  await expect(bob.getByText("1 of 2 approvals", { exact: true })).toBeVisible();
  await expect(bob.getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);
  await bob.goto("/approvals");
  await expect(bob.getByRole("list", { name: "Waiting for other approvers" }).getByText("OPS-4242")).toBeVisible();
  await expect(bob.getByRole("list", { name: "Pending requests" }).getByText("OPS-4242")).toHaveCount(0);

  // The requester sees the progress.
  await alice.goto(`/requests/${requestId}`);
  await expect(alice.getByText("Waiting for 1 more approval (1 of 2 so far)")).toBeVisible();

  // Carol's approval is the second: the window opens.
  const carol = await signedInPage(browser, "carol", `/requests/${requestId}`);
  await expect(carol.getByText("Yours completes it and opens the window.")).toBeVisible();
  await carol.getByRole("button", { name: "Approve" }).click();
  await expect(carol.getByText("Active", { exact: true })).toBeVisible();
  await expect(carol.getByText("2 of 2 approvals", { exact: true })).toBeVisible();
  await expect(carol.getByText("Approved by Bob Example (1 of 2)")).toBeVisible();
  await expect(carol.getByText("Approved by Carol Example (2 of 2)")).toBeVisible();

  await alice.reload();
  await expect(alice.getByRole("heading", { name: "Your access is active" })).toBeVisible();
});

test("break glass activates at once and approvers review it afterwards", async ({ browser }) => {
  const carol = await signedInPage(browser, "carol");
  await freeRole(carol, "Administrator");
  await openRequestForm(carol);
  await pickRole(carol, ADMIN);
  await expect(carol.getByLabel("Duration").locator("option").last()).toHaveText("2 h");
  await carol.getByLabel("Break glass (emergency access)").check();
  await expect(carol.getByText("Activates now without approval. Approvers are notified and will review it.")).toBeVisible();
  // Capped to the break-glass maximum, and nothing to schedule.
  await expect(carol.getByLabel("Duration").locator("option").last()).toHaveText("1 h");
  await expect(carol.getByRole("radio", { name: "At a set time" })).toHaveCount(0);
  await carol.getByLabel("Justification").fill("Checkout is down (INC-9001): restarting the payment workers");
  const requestId = await send(carol, "Break glass and activate now");

  await expect(carol.getByText("Break glass: your access is active")).toBeVisible();
  await expect(carol.getByRole("heading", { name: "Your access is active" })).toBeVisible();
  await expect(carol.getByText("Break glass", { exact: true }).first()).toBeVisible();
  await expect(carol.getByText("Review open").first()).toBeVisible();
  // Nobody reviews their own break glass.
  await expect(carol.getByRole("button", { name: "Mark reviewed" })).toHaveCount(0);
  // The rule's Slack channel hears about it (through the outbox, within a few job-loop ticks).
  await expect.poll(() => postedToSlack("C0ACCESS01", requestId, /break-glass/i), { timeout: 30_000 }).toBe(true);

  const bob = await signedInPage(browser, "bob", "/approvals");
  const reviews = bob.getByRole("list", { name: "Break-glass reviews" });
  const task = reviews.getByRole("listitem").filter({ hasText: "restarting the payment workers" });
  await expect(task).toContainText("Review open");
  await task.getByRole("link", { name: /Review break glass by Carol/ }).click();
  await expect(bob).toHaveURL(new RegExp(`/requests/${requestId}$`));
  await bob.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(bob.getByText("Write what you checked and found (at least 10 characters).")).toBeVisible();
  await bob.getByLabel("Review notes").fill("CloudTrail shows only the worker restarts; incident INC-9001 confirms the outage.");
  await bob.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(bob.getByText("Reviewed by Bob Example")).toBeVisible();
  await expect(bob.getByText("CloudTrail shows only the worker restarts").first()).toBeVisible();
  await expect(bob.getByRole("button", { name: "Mark reviewed" })).toHaveCount(0);

  await bob.goto("/approvals");
  await expect(
    bob.getByRole("list", { name: "Break-glass reviews" }).getByRole("listitem").filter({ hasText: "restarting the payment workers" }),
  ).toContainText("Reviewed");

  // Carol hands the emergency access back.
  await carol.reload();
  await carol.getByRole("button", { name: "I'm done" }).click();
  await carol.getByRole("dialog", { name: "End your access now?" }).getByRole("button", { name: "End access" }).click();
  await expect(carol.getByText("Ended", { exact: true })).toBeVisible();
});

test("access scheduled to start later is approved but not active until then", async ({ browser }) => {
  const alice = await signedInPage(browser, "alice");
  await freeRole(alice, "ReadOnly");
  await openRequestForm(alice);
  await pickRole(alice, READONLY);
  await expect(alice.getByRole("radio", { name: "As soon as approved" })).toBeChecked();
  await alice.getByRole("radio", { name: "At a set time" }).check();
  await alice.getByLabel("Start time").fill(await localTimeAhead(alice, 10));
  await alice.getByLabel("Duration").selectOption({ label: "30 min" });
  await expect(alice.getByTestId("window-summary")).toHaveText(/^From .+ at \d\d:\d\d to .*\d\d:\d\d\.$/);
  await alice.getByLabel("Justification").fill("Read the billing tables after the nightly job");
  const requestId = await send(alice);
  await expect(alice.getByText("Pending approval")).toBeVisible();

  const bob = await signedInPage(browser, "bob", `/requests/${requestId}`);
  await bob.getByRole("button", { name: "Approve" }).click();
  await expect(bob.getByText("Approved", { exact: true })).toBeVisible();
  await expect(bob.getByText("Approved and scheduled")).toBeVisible();
  await expect(bob.getByText(/^Starts at/)).toBeVisible();
  await expect(bob.getByText("Active", { exact: true })).toHaveCount(0);

  await alice.goto("/requests");
  const scheduled = alice.getByRole("list", { name: "Scheduled access" });
  await expect(scheduled.getByText(/Starts at/)).toBeVisible();
  await expect(alice.getByRole("list", { name: "Active access" }).getByText("ReadOnly")).toHaveCount(0);
  await alice.goto(`/requests/${requestId}`);
  await expect(alice.getByRole("button", { name: "Open AWS console" })).toHaveCount(0);

  // Asking again for the same role points at the scheduled one.
  await openRequestForm(alice);
  await pickRole(alice, READONLY);
  await alice.getByLabel("Justification").fill("Another look at the billing tables");
  await alice.getByRole("button", { name: "Send request" }).click();
  await expect(alice.getByText("You already have access to this role scheduled.").first()).toBeVisible();
  await alice.getByRole("link", { name: "Open your request" }).click();
  await expect(alice).toHaveURL(new RegExp(`/requests/${requestId}$`));
});

test("a denial from a deep link needs its reason", async ({ browser }) => {
  const alice = await signedInPage(browser, "alice");
  await freeRole(alice, "Developer");
  await openRequestForm(alice);
  await pickRole(alice, DEVELOPER);
  await alice.getByLabel("Duration").selectOption({ label: "2 h" });
  await expect(alice.getByTestId("approval-summary")).toHaveText("Needs 1 approval from security. Up to 30 min would be approved automatically.");
  await alice.getByLabel("Justification").fill("Try the new build pipeline");
  const requestId = await send(alice);

  // Slack's Deny button lands here with the decision chosen.
  const bob = await signedInPage(browser, "bob", `/requests/${requestId}?action=deny`);
  await expect(bob.getByLabel("Reason for denying (required)")).toBeFocused();
  await bob.getByRole("button", { name: "Deny" }).click();
  await expect(bob.getByText("Say why you deny it: the requester sees your comment.")).toBeVisible();
  await bob.getByLabel("Reason for denying (required)").fill("Use the shared staging account for pipeline tests");
  await bob.getByRole("button", { name: "Deny" }).click();
  await expect(bob.getByText("Denied", { exact: true })).toBeVisible();

  await alice.reload();
  await expect(alice.getByText("Use the shared staging account for pipeline tests").first()).toBeVisible();
});

test("short sandbox access is approved automatically, and more time goes to the approvers", async ({ browser }) => {
  const alice = await signedInPage(browser, "alice");
  await freeRole(alice, "Developer");
  await openRequestForm(alice);
  await pickRole(alice, DEVELOPER);
  await alice.getByLabel("Duration").selectOption({ label: "30 min" });
  await expect(alice.getByTestId("approval-summary")).toHaveText("Approved automatically: up to 30 min is approved at once for you.");
  await expect(alice.getByTestId("window-summary")).toHaveText(/^Ends .+ at \d\d:\d\d\.$/);
  await alice.getByLabel("Justification").fill("Reproduce the flaky integration test");
  const grantId = await send(alice);
  await expect(alice.getByText("Approved automatically", { exact: true })).toBeVisible();
  await expect(alice.getByRole("heading", { name: "Your access is active" })).toBeVisible();

  await alice.getByRole("link", { name: "Ask for more time" }).click();
  await expect(alice).toHaveURL(new RegExp(`/requests/new\\?extend=${grantId}$`));
  await expect(alice.locator('form[data-ready="true"]')).toBeVisible();
  await expect(alice.getByText(/^More time for your active access \(ends \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d /)).toBeVisible();
  await alice.getByLabel("Duration").selectOption({ label: "1 h" });
  await alice.getByLabel("Justification").fill("The test needs another run");
  const extensionId = await send(alice);
  await expect(alice.getByText("Extension", { exact: true }).first()).toBeVisible();
  await expect(alice.getByRole("link", { name: "your active access" })).toHaveAttribute("href", `/requests/${grantId}`);

  const bob = await signedInPage(browser, "bob", `/requests/${extensionId}`);
  await bob.getByRole("button", { name: "Approve" }).click();
  await expect(bob.getByText("Window extended")).toBeVisible();

  await alice.goto(`/requests/${grantId}`);
  await expect(alice.getByRole("link", { name: "+1 h" })).toHaveAttribute("href", `/requests/${extensionId}`);
  await expect(alice.getByText(/1 h \d+ min left/).first()).toBeVisible();
});
