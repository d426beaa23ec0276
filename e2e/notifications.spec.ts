// Approvers hear about requests in Slack: the request's message reaches the Slack stand-in with
// deep links; an approver who is signed out follows "Approve…", signs in, lands on the request with
// the decision pre-selected, approves, and the Slack message is updated in place.
// Needs the catalog rule for Developer · Sandbox to notify #aws-approvals (notify.slack.channels).
import { expect, test, type Page } from "@playwright/test";
import { freeRole, requestRole, signedInPage } from "./helpers";
import { E2E_APP_URL, E2E_SLACK_PORT } from "./ports";

interface PostedMessage {
  channel: string;
  ts: string;
  threadTs: string | null;
  text: string;
  blocks: { type: string; elements?: { url?: string; text?: string | { text?: string } }[] }[];
  history: unknown[];
}

async function posted(): Promise<PostedMessage[]> {
  const response = await fetch(`http://127.0.0.1:${E2E_SLACK_PORT}/messages.json`);
  return ((await response.json()) as { messages: PostedMessage[] }).messages;
}

async function channelMessage(requestId: string): Promise<PostedMessage | undefined> {
  return (await posted()).find((m) => !m.threadTs && m.channel.startsWith("C") && JSON.stringify(m.blocks).includes(`/requests/${requestId}`));
}

const linksOf = (m: PostedMessage) => m.blocks.flatMap((b) => (b.type === "actions" ? (b.elements ?? []).map((e) => e.url ?? "") : []));
const statusOf = (m: PostedMessage) => {
  const context = m.blocks.find((b) => b.type === "context")?.elements?.[0]?.text;
  return typeof context === "string" ? context : "";
};

async function signInFromDeepLink(page: Page, url: string, username: string): Promise<void> {
  await page.goto(url);
  await expect(page).toHaveURL(/\/signin/);
  await page.getByRole("button", { name: "Sign in with Demo IdP" }).click();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill("demo");
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("an approver follows the Slack deep link, signs in, approves, and the message follows", async ({ browser }) => {
  const alice = await signedInPage(browser, "alice");
  const requestId = await requestRole(alice, "Developer · Sandbox (123456789012)", "Rotate the ingest keys for INC-5150 <!here>");

  // The outbox delivers the channel message within a few job-loop ticks.
  await expect.poll(async () => Boolean(await channelMessage(requestId)), { timeout: 30_000 }).toBe(true);
  const message = (await channelMessage(requestId))!;
  const approveUrl = `${E2E_APP_URL}/requests/${requestId}?action=approve`;
  expect(linksOf(message)).toEqual([approveUrl, `${E2E_APP_URL}/requests/${requestId}?action=deny`, `${E2E_APP_URL}/requests/${requestId}`]);
  expect(JSON.stringify(message.blocks)).toContain("&lt;!here&gt;");
  expect(JSON.stringify(message.blocks)).not.toContain("<!here>");

  // Bob is signed out: the link takes him through sign-in and back to the request.
  const bob = await (await browser.newContext()).newPage();
  await signInFromDeepLink(bob, approveUrl, "bob");
  await expect(bob).toHaveURL(new RegExp(`/requests/${requestId}\\?action=approve$`));
  await expect(bob.getByRole("button", { name: "Approve" })).toBeFocused();
  await bob.getByRole("button", { name: "Approve" }).click();
  await expect(bob.getByText("Active", { exact: true })).toBeVisible();

  // The same Slack message now says who approved, without decision buttons, and the thread records it.
  await expect.poll(async () => statusOf((await channelMessage(requestId))!), { timeout: 30_000 }).toContain("Approved by *Bob Example*");
  const updated = (await channelMessage(requestId))!;
  expect(updated.ts).toBe(message.ts);
  expect(linksOf(updated)).toEqual([`${E2E_APP_URL}/requests/${requestId}`]);
  await expect
    .poll(async () => (await posted()).filter((m) => m.threadTs === message.ts).map((m) => m.text), { timeout: 30_000 })
    .toContain("Approved by *Bob Example*.");
});

test("the notifications page follows the outbox by itself: a new request's deliveries show up without a reload", async ({ browser }) => {
  const carol = await signedInPage(browser, "carol", "/admin/notifications");
  const sent = carol.getByText(/deliveries went out in the last 24 hours/);
  await expect(sent).toBeVisible();
  const before = await sent.textContent();
  // A marker that only a reload of the document would remove: the page must change without one.
  await carol.evaluate(() => ((window as unknown as { keptAcrossRefresh: boolean }).keptAcrossRefresh = true));

  const alice = await signedInPage(browser, "alice");
  await freeRole(alice, "ReadOnly");
  await requestRole(alice, "ReadOnly · Production (210987654321)", "Live notifications page: read the queue metrics");
  // Its approvers' message goes out through the outbox, and carol's open page counts it.
  await expect(sent).not.toHaveText(before!, { timeout: 30_000 });
  expect(await carol.evaluate(() => (window as unknown as { keptAcrossRefresh?: boolean }).keptAcrossRefresh)).toBe(true);
  await freeRole(alice, "ReadOnly");
  await alice.context().close();
  await carol.context().close();
});
