import { expect, test, type Page } from "@playwright/test";
import { openRequestForm, signedInPage } from "../e2e/helpers";

test.setTimeout(180_000);
const shot = async (page: Page, name: string) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
};

test("screens", async ({ browser }) => {
  const alice = await signedInPage(browser, "alice", "/requests/new");
  await openRequestForm(alice);
  await alice.getByLabel("Role").selectOption({ label: "Operator · Production (210987654321)" });
  await alice.getByLabel("Justification").fill("Roll out the payment service fix");
  await alice.getByRole("button", { name: "Send request" }).click();
  await shot(alice, "01-form-operator-errors");
  await alice.getByLabel("Ticket (required)").fill("OPS-4242");
  await alice.getByRole("button", { name: "Send request" }).click();
  await expect(alice).toHaveURL(/created=1/);
  const opId = new URL(alice.url()).pathname.split("/").pop()!;
  await shot(alice, "02-detail-created-2of2");

  await openRequestForm(alice);
  await alice.getByLabel("Role").selectOption({ label: "ReadOnly · Production (210987654321)" });
  await alice.getByRole("radio", { name: "At a set time" }).check();
  await shot(alice, "03-form-scheduled");
  await alice.getByLabel("Justification").fill("Read the billing tables after the nightly job");
  await alice.getByRole("button", { name: "Send request" }).click();
  await expect(alice).toHaveURL(/created=1/);
  const roId = new URL(alice.url()).pathname.split("/").pop()!;

  await openRequestForm(alice);
  await alice.getByLabel("Duration").selectOption({ label: "30 min" });
  await shot(alice, "04-form-auto");
  await alice.getByLabel("Justification").fill("Reproduce the flaky integration test");
  await alice.getByRole("button", { name: "Send request" }).click();
  await expect(alice).toHaveURL(/created=1/);
  const devId = new URL(alice.url()).pathname.split("/").pop()!;
  await shot(alice, "05-detail-auto-active");
  await alice.getByRole("link", { name: "Ask for more time" }).click();
  await expect(alice.locator('form[data-ready="true"]')).toBeVisible();
  await shot(alice, "06-form-extend");

  const carol = await signedInPage(browser, "carol", "/requests/new");
  await openRequestForm(carol);
  await carol.getByLabel("Role").selectOption({ label: "Administrator · Production (210987654321)" });
  await shot(carol, "07-form-admin");
  await carol.getByLabel("Break glass (emergency access)").check();
  await carol.getByLabel("Justification").fill("Checkout is down (INC-9001): restarting the payment workers");
  await shot(carol, "08-form-breakglass");
  await carol.getByRole("button", { name: "Break glass and activate now" }).click();
  await expect(carol).toHaveURL(/created=1/);
  const bgId = new URL(carol.url()).pathname.split("/").pop()!;
  await shot(carol, "09-detail-breakglass-own");

  const bob = await signedInPage(browser, "bob", "/approvals");
  await shot(bob, "10-approvals");
  await bob.goto(`/requests/${opId}?action=deny`);
  await expect(bob.getByLabel("Reason for denying (required)")).toBeVisible();
  await shot(bob, "11-decision-deny");
  await bob.goto(`/requests/${opId}`);
  await bob.getByRole("button", { name: "Approve" }).click();
  await expect(bob.getByText("You approved; waiting for 1 more approval")).toBeVisible();
  await shot(bob, "12-detail-approved-by-me");
  await bob.goto(`/requests/${roId}`);
  await bob.getByRole("button", { name: "Approve" }).click();
  await expect(bob.getByText("Approved and scheduled")).toBeVisible();
  await shot(bob, "13-detail-scheduled");
  await bob.goto(`/requests/${bgId}`);
  await shot(bob, "14-detail-breakglass-review");
  await bob.getByLabel("Review notes").fill("CloudTrail shows only the worker restarts; INC-9001 confirms the outage.");
  await bob.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(bob.getByText("Reviewed by Bob Example")).toBeVisible();
  await shot(bob, "15-detail-breakglass-reviewed");
  await bob.goto("/approvals");
  await shot(bob, "16-approvals-after");

  await alice.goto("/requests");
  await shot(alice, "17-my-access");
  await alice.goto(`/requests/${devId}`);
  await shot(alice, "18-grant");

  await carol.goto("/admin/catalog");
  await shot(carol, "19-catalog");
});
