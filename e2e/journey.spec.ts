// The whole journey through the real stack: OIDC sign-in at the dev IdP, a request, another
// person's approval, the console link through the federation endpoint, and credentials that
// work against STS (moto).
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { expect, test, type Page } from "@playwright/test";
import { requestRole, signedInPage } from "./helpers";
import { E2E_FEDERATION_URL, E2E_MOTO_URL } from "./ports";

/** "I'm done" on the open request page: the role is free for the next request. */
async function endAccess(page: Page): Promise<void> {
  await page.getByRole("button", { name: "I'm done" }).click();
  await page.getByRole("dialog", { name: "End your access now?" }).getByRole("button", { name: "End access" }).click();
  await expect(page.getByText("Ended", { exact: true })).toBeVisible();
}

test("request, approve, open the console and use credentials", async ({ browser }) => {
  const alice = await signedInPage(browser, "alice");
  await expect(alice.getByRole("heading", { name: "My access" })).toBeVisible();

  const requestId = await requestRole(alice, "Developer · Sandbox (123456789012)", "Investigate failing deploys for INC-1234");
  await expect(alice.getByText("Pending approval")).toBeVisible();
  await expect(alice.getByText("Request sent")).toBeVisible();

  // Bob approves from his queue.
  const bob = await signedInPage(browser, "bob", "/approvals");
  const pending = bob.getByRole("list", { name: "Pending requests" });
  await expect(pending.getByText("Investigate failing deploys for INC-1234")).toBeVisible();
  await pending
    .getByRole("listitem")
    .filter({ hasText: "Investigate failing deploys for INC-1234" })
    .getByRole("link", { name: /Review request from Alice/ })
    .click();
  await expect(bob).toHaveURL(new RegExp(`/requests/${requestId}$`));
  await bob.getByLabel("Comment (optional)").fill("Go ahead");
  await bob.getByRole("button", { name: "Approve" }).click();
  await expect(bob.getByText("Active", { exact: true })).toBeVisible();
  await expect(bob.getByText("Approved by Bob")).toBeVisible();

  // Alice opens the console: a new tab goes through the federation endpoint with a sign-in token.
  await alice.reload();
  await expect(alice.getByRole("heading", { name: "Your access is active" })).toBeVisible();
  const popupPromise = alice.waitForEvent("popup");
  await alice.getByRole("button", { name: "Open AWS console" }).click();
  const consoleTab = await popupPromise;
  await consoleTab.waitForURL((url) => url.searchParams.get("Action") === "login");
  const link = new URL(consoleTab.url());
  expect(`${link.origin}${link.pathname}`).toBe(E2E_FEDERATION_URL);
  expect(link.searchParams.get("SigninToken")).toMatch(/.{16,}/);
  expect(link.searchParams.get("Destination")).toBe("https://console.aws.amazon.com/");
  const sessionName = `alice@example.com-${requestId.slice(-8)}`;
  await expect(consoleTab.getByText(`assumed-role/FrontdeskDeveloper/${sessionName}`)).toBeVisible();

  // Credentials work against STS, as the assumed role with the expected session name.
  const credentialsResponse = alice.waitForResponse((r) => r.url().endsWith(`/api/requests/${requestId}/credentials`));
  await alice.getByRole("button", { name: "Get credentials" }).click();
  expect((await credentialsResponse).headers()["cache-control"]).toBe("no-store, max-age=0");
  const block = alice.getByTestId("credentials");
  await expect(block).toContainText("export AWS_ACCESS_KEY_ID=");
  const text = await block.innerText();
  const value = (name: string) => new RegExp(`^export ${name}=(.+)$`, "m").exec(text)?.[1] ?? "";
  const sts = new STSClient({
    region: "us-east-1",
    endpoint: E2E_MOTO_URL,
    credentials: {
      accessKeyId: value("AWS_ACCESS_KEY_ID"),
      secretAccessKey: value("AWS_SECRET_ACCESS_KEY"),
      sessionToken: value("AWS_SESSION_TOKEN"),
    },
  });
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  expect(identity.Arn).toBe(`arn:aws:sts::123456789012:assumed-role/FrontdeskDeveloper/${sessionName}`);

  await alice.getByRole("button", { name: "~/.aws/credentials" }).click();
  await expect(block).toContainText("[sandbox-developer]");

  // The timeline records both issuances (and never the secrets).
  await alice.reload();
  await expect(alice.getByText("Console link issued")).toBeVisible();
  await expect(alice.getByText("Credentials issued")).toBeVisible();
  await expect(alice.locator("body")).not.toContainText(value("AWS_SECRET_ACCESS_KEY"));

  // CloudTrail: every issued session with what finds exactly its actions.
  const sessions = alice.getByRole("list", { name: "Issued sessions" });
  await expect(sessions.getByText(sessionName).first()).toBeVisible();
  await expect(sessions.getByText("alice@example.com", { exact: true }).first()).toBeVisible();
  await sessions.getByText("Queries for this session").first().click();
  await expect(sessions.getByText(/userIdentity\.principalId = '.+:alice@example\.com-/).first()).toBeVisible();
  await expect(sessions.getByRole("link", { name: "Open CloudTrail event history for this session" }).first()).toHaveAttribute(
    "href",
    new RegExp(`cloudtrail/home\\?region=us-east-1#/events\\?Username=${encodeURIComponent(sessionName).replace(/[.]/g, "\\.")}$`),
  );

  // Done: Alice hands the access back (one grant per role at a time, so nothing is left running).
  await endAccess(alice);
});

test("minting endpoints refuse other sites, strangers and signed-out callers", async ({ browser, playwright, baseURL }) => {
  const alice = await signedInPage(browser, "alice");
  const requestId = await requestRole(alice, "Developer · Sandbox (123456789012)", "Check the endpoint guards");
  const bob = await signedInPage(browser, "bob", `/requests/${requestId}`);
  await bob.getByRole("button", { name: "Approve" }).click();
  await expect(bob.getByText("Approved by Bob")).toBeVisible();
  const path = `/api/requests/${requestId}/credentials`;

  // Alice's own cookies, but sent from another site: refused before anything is minted.
  const forged = await alice.request.post(path, { headers: { Origin: "https://evil.example" } });
  expect(forged.status()).toBe(403);
  expect(forged.headers()["cache-control"]).toMatch(/^no-store\b/);

  // Bob approved it, but it is not his grant: not found, as for any foreign id.
  const foreign = await bob.request.post(path, { headers: { Origin: baseURL! } });
  expect(foreign.status()).toBe(404);

  const anonymous = await playwright.request.newContext({ baseURL });
  expect((await anonymous.post(path, { headers: { Origin: baseURL! } })).status()).toBe(401);
  await anonymous.dispose();

  // The real thing still works for Alice.
  const own = await alice.request.post(path, { headers: { Origin: baseURL! } });
  expect(own.status()).toBe(200);
  expect(await own.json()).toMatchObject({ accessKeyId: expect.stringMatching(/^\w{16,}$/), profileName: "sandbox-developer" });
  await alice.goto(`/requests/${requestId}`);
  await expect(alice.getByText("Credentials issued")).toHaveCount(1);
  await endAccess(alice);
});
