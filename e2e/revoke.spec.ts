// Ending access early in the browser: an approver revokes with a reason while IAM is down, sees
// the revocation pending at AWS with the retry's error, then confirmed once IAM is back; the
// requester's own "I'm done" does the same for their grant.
import { denyPolicyAtAws } from "./aws-checks";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { freeRole, requestRole, signedInPage } from "./helpers";
import { setIamReachable } from "./iam-gate";

// Waits for the job loop's retries (seconds of backoff), so longer than the default.
test.setTimeout(120_000);
const AWS_TIMEOUT = { timeout: 40_000 };

test.afterEach(async () => {
  await setIamReachable(true);
});

const notice = (page: Page, title: string) => page.getByRole("status").filter({ hasText: title });

async function approve(browser: Browser, requestId: string): Promise<Page> {
  const bob = await signedInPage(browser, "bob", `/requests/${requestId}`);
  await bob.getByRole("button", { name: "Approve" }).click();
  await expect(bob.getByText("Active", { exact: true })).toBeVisible();
  return bob;
}

test("an approver revokes access: pending at AWS while IAM is down, then confirmed", async ({ browser }) => {
  const alice = await signedInPage(browser, "alice");
  await freeRole(alice, "Developer");
  const requestId = await requestRole(alice, "Developer · Sandbox (123456789012)", "Check the canary for INC-77");
  const bob = await approve(browser, requestId);

  await alice.reload();
  await expect(alice.getByRole("button", { name: "I'm done" })).toBeVisible();
  await expect(alice.getByRole("button", { name: "Open AWS console" })).toBeVisible();

  await setIamReachable(false);
  await bob.getByRole("button", { name: "Revoke access" }).click();
  const dialog = bob.getByRole("dialog", { name: "Revoke Alice" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Revoke now" }).click();
  await expect(dialog.getByText("Say why you are revoking this access.")).toBeVisible();
  await dialog.getByLabel("Reason").fill("Laptop reported stolen");
  await dialog.getByRole("button", { name: "Revoke now" }).click();

  await expect(bob.getByText("Revoked", { exact: true })).toBeVisible();
  await expect(notice(bob, "Revocation pending at AWS")).toBeVisible();
  // The page follows the outbox job by itself: first its failed attempt, then the success.
  await expect(notice(bob, "Revocation pending at AWS")).toContainText("Frontdesk could not reach AWS IAM.", AWS_TIMEOUT);
  await setIamReachable(true);
  await expect(notice(bob, "Revoked at AWS"), "confirmed once IAM answers again").toBeVisible(AWS_TIMEOUT);
  await expect(notice(bob, "Revocation pending at AWS")).toHaveCount(0);
  expect(await denyPolicyAtAws("FrontdeskDeveloper")).toContain('"aws:SourceIdentity":"alice@example.com"');

  await alice.reload();
  await expect(notice(alice, "Revoked at AWS")).toBeVisible();
  await expect(alice.getByText("Revoked by Bob")).toBeVisible();
  await expect(alice.getByText("Laptop reported stolen").first()).toBeVisible();
  for (const name of ["I'm done", "Open AWS console", "Get credentials", "Revoke access"]) {
    await expect(alice.getByRole("button", { name })).toHaveCount(0);
  }
  await expect(bob.getByRole("button", { name: "Revoke access" })).toHaveCount(0);
});

test("the requester ends their own access early with I'm done", async ({ browser }) => {
  const alice = await signedInPage(browser, "alice");
  await freeRole(alice, "ReadOnly");
  const requestId = await requestRole(alice, "ReadOnly · Production (210987654321)", "Read the prod logs for INC-78");
  const bob = await approve(browser, requestId);
  await expect(bob.getByRole("button", { name: "I'm done" })).toHaveCount(0);

  await alice.reload();
  await alice.getByRole("button", { name: "I'm done" }).click();
  const dialog = alice.getByRole("dialog", { name: "End your access now?" });
  await dialog.getByRole("button", { name: "Keep access" }).click();
  await expect(dialog).toBeHidden();
  await alice.getByRole("button", { name: "I'm done" }).click();
  await dialog.getByRole("button", { name: "End access" }).click();

  await expect(alice.getByText("Ended", { exact: true })).toBeVisible();
  await expect(alice.getByText(/Ended early by Alice/)).toBeVisible();
  // Production is another AWS account than Frontdesk's, so the catalog does not let Frontdesk
  // manage its roles: the page says plainly what ending early does not do.
  await expect(alice.getByText("Sessions already issued keep working until they expire")).toBeVisible();
  await expect(alice.getByRole("button", { name: "I'm done" })).toHaveCount(0);
  expect(await denyPolicyAtAws("FrontdeskReadOnly")).toBeNull();
});
