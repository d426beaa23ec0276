// Several roles in one request, end to end: two roles in two accounts chosen with the role picker,
// one justification, one approval from another person, then one console link per role through the
// federation endpoint (each its own AWS session), and "I'm done" ending both.
import { expect, test } from "@playwright/test";
import { E2E_FEDERATION_URL } from "./ports";
import { freeRole, openRequestForm, pickRole, signedInPage } from "./helpers";

const DEVELOPER = "Developer · Sandbox (123456789012)";
const READONLY = "ReadOnly · Production (210987654321)";

test("two roles in two accounts: one request, approved once, a console link for each", async ({ browser }) => {
  const alice = await signedInPage(browser, "alice", "/requests");
  await freeRole(alice, "Developer");
  await freeRole(alice, "ReadOnly");

  await openRequestForm(alice);
  await pickRole(alice, DEVELOPER);
  await pickRole(alice, READONLY);
  await alice.getByLabel("Duration").selectOption({ label: "1 h" });
  await alice.getByLabel("Justification").fill("Trace a payment from the sandbox to production");
  await alice.getByRole("button", { name: "Send request" }).click();
  await expect(alice).toHaveURL(/\/requests\/[a-z0-9]+\?created=1$/);
  const requestId = new URL(alice.url()).pathname.split("/").pop()!;
  await expect(alice.getByRole("heading", { level: 1 })).toHaveText("2 roles: Developer, ReadOnly");
  const roles = alice.getByRole("region", { name: "Roles in this request" });
  await expect(roles.getByRole("listitem")).toHaveCount(2);
  await expect(roles.getByText("Pending approval")).toHaveCount(2);

  // Bob sees one request in his queue and approves it once.
  const bob = await signedInPage(browser, "bob", "/approvals");
  const pending = bob.getByRole("list", { name: "Pending requests" });
  await expect(pending.getByText("Trace a payment from the sandbox to production")).toHaveCount(1);
  await expect(pending.getByText("and 1 more role")).toBeVisible();
  await pending
    .getByRole("link", { name: /Review request from Alice/ })
    .first()
    .click();
  await expect(bob).toHaveURL(new RegExp(`/requests/${requestId}$`));
  await bob.getByRole("button", { name: "Approve" }).click();
  await expect(bob.getByRole("region", { name: "Roles in this request" }).getByText("Active", { exact: true })).toHaveCount(2);

  // Alice: one access card per role, each opening its own console session.
  await alice.goto(`/requests/${requestId}`);
  // More time is asked for one role at a time: the page says which, and that the other keeps its end.
  const more = alice.getByRole("link", { name: "Ask for more time for Developer" });
  await expect(alice.getByText("Only Developer in Sandbox gets more time; the other roles of this request keep their end.")).toBeVisible();
  await more.click();
  await expect(alice.getByRole("heading", { name: "Ask for more time for Developer" })).toBeVisible();
  await expect(alice.getByText("Lengthens Developer in Sandbox only. ReadOnly in Production keeps its own end.")).toBeVisible();
  await alice.goto(`/requests/${requestId}`);
  for (const [card, arn] of [
    ["Developer in Sandbox", "arn:aws:sts::123456789012:assumed-role/FrontdeskDeveloper/alice@example.com-"],
    ["ReadOnly in Production", "arn:aws:sts::210987654321:assumed-role/FrontdeskReadOnly/alice@example.com-"],
  ] as const) {
    const region = alice.getByRole("region", { name: card });
    const popupPromise = alice.waitForEvent("popup");
    await region.getByRole("button", { name: "Open AWS console" }).click();
    const consoleTab = await popupPromise;
    await consoleTab.waitForURL((url) => url.searchParams.get("Action") === "login");
    const link = new URL(consoleTab.url());
    expect(`${link.origin}${link.pathname}`).toBe(E2E_FEDERATION_URL);
    expect(link.searchParams.get("SigninToken")).toMatch(/.{16,}/);
    await expect(consoleTab.getByText(arn)).toBeVisible();
    await consoleTab.close();
  }

  // The timeline is the whole request's: Developer's page shows ReadOnly's console link, named, and the approval once.
  const timeline = alice.getByRole("region", { name: "Timeline" });
  await expect(timeline.getByText("ReadOnly: Console link issued")).toBeVisible();
  await expect(timeline.getByText("Developer: Console link issued")).toBeVisible();
  await expect(timeline.getByText("Approved by Bob Example", { exact: true })).toHaveCount(1);

  // "I'm done" ends both grants.
  await alice.getByRole("button", { name: "I'm done" }).click();
  await alice.getByRole("dialog", { name: "End your access now?" }).getByRole("button", { name: "End access" }).click();
  await expect(alice.getByRole("region", { name: "Roles in this request" }).getByText("Ended", { exact: true })).toHaveCount(2);
});
