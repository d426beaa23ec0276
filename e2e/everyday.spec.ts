// The portal people use every day: times in their own zone, pages that update themselves, who can
// approve and a nudge, "request again", an MFA step-up that says what it needs, the menu that
// follows whose request is open, phones at 360 px, and no serious accessibility violation (axe).
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { formatDateTime } from "../lib/time/format";
import { freeRole, signedInPage } from "./helpers";
import { E2E_APP_PORT, E2E_APP_URL, E2E_SLACK_PORT } from "./ports";

/** A ReadOnly request (one approval from bob, or carol as backup), through the form with the role chosen by link. */
async function askFor(page: Page, roleId: string, justification: string, ticket?: string): Promise<string> {
  await page.goto(`/requests/new?role=${roleId}`);
  await expect(page.locator('form[data-ready="true"]')).toBeVisible();
  if (ticket) await page.getByLabel(/^Ticket/).fill(ticket);
  await page.getByLabel("Justification").fill(justification);
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page).toHaveURL(/\/requests\/[a-z0-9]+\?created=1$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}

test("times are in the browser's own zone, named, in one format, and the profile menu changes the zone", async ({ browser }) => {
  const alice = await signedInPage(browser, "alice", "/requests", { context: { timezoneId: "Asia/Tokyo" } });
  await freeRole(alice, "ReadOnly");
  const id = await askFor(alice, "prod-readonly", "Check the zone of every time shown");
  await alice.goto(`/requests/${id}`);
  const times = alice.locator("main time");
  await expect(times.first()).toHaveText(/GMT\+9$/);
  for (const time of await times.all()) {
    const iso = (await time.getAttribute("datetime"))!;
    await expect(time).toHaveText(formatDateTime(new Date(iso), "Asia/Tokyo"));
  }

  await alice.locator("summary").filter({ hasText: "Profile and time zone" }).click();
  await expect(alice.getByText("Times are shown in Asia/Tokyo (GMT+9).")).toBeVisible();
  await alice.getByLabel("Time zone").selectOption("America/New_York");
  await expect(times.first()).toHaveText(/GMT-[45]$/);
  const shown = alice.locator("main time").first();
  await expect(shown).toHaveText(formatDateTime(new Date((await shown.getAttribute("datetime"))!), "America/New_York"));
  // Back to the browser's own zone.
  await alice.getByLabel("Time zone").selectOption({ label: "Automatic: this browser's zone" });
  await expect(times.first()).toHaveText(/GMT\+9$/);
  await freeRole(alice, "ReadOnly");
  await alice.context().close();
});

test("a second browser sees the queue fill and the decision appear without reloading, and typing survives", async ({ browser }) => {
  const bob = await signedInPage(browser, "bob", "/approvals");
  const alice = await signedInPage(browser, "alice");
  await freeRole(alice, "ReadOnly");
  const id = await askFor(alice, "prod-readonly", "Live pages: read the payment logs");
  // Bob's queue, open since before the request was made, shows it by itself.
  await expect(bob.getByText("“Live pages: read the payment logs”")).toBeVisible();

  await bob.goto(`/requests/${id}`);
  await bob.getByLabel(/^Comment/).fill("Fine, for the logs only");
  // Alice sees who can approve, and nudges them once.
  await alice.goto(`/requests/${id}`);
  const approvers = alice.getByRole("list", { name: "Approvers" });
  await expect(approvers.getByText("Bob Example")).toBeVisible();
  await alice.getByRole("button", { name: "Nudge the approvers" }).click();
  await expect(alice.getByText("The approvers were nudged.")).toBeVisible();
  await expect(alice.getByRole("button", { name: "Nudge the approvers" })).toBeDisabled();
  await expect(alice.getByText(/You can nudge them again from/)).toBeVisible();

  // Bob's open page shows the nudge by itself, and keeps what he typed.
  await expect(bob.getByText("Approvers nudged by Alice Example")).toBeVisible();
  await expect(bob.getByLabel(/^Comment/)).toHaveValue("Fine, for the logs only");
  await bob.getByRole("button", { name: "Approve", exact: true }).click();

  // Alice never reloads: her page turns active by itself.
  await expect(alice.getByRole("heading", { name: "Your access is active" })).toBeVisible();
  await freeRole(alice, "ReadOnly");
  await alice.context().close();
  await bob.context().close();
});

test("the requester sees the backup approvers and when they are asked; a backup may decide before then", async ({ browser }) => {
  // The backup (carol, platform-admins) has used Frontdesk, so the page can name her.
  const carol = await signedInPage(browser, "carol");
  const alice = await signedInPage(browser, "alice");
  await freeRole(alice, "ReadOnly");
  const id = await askFor(alice, "prod-readonly", "Backup approvers: read the settlement report");
  await alice.goto(`/requests/${id}`);
  await expect(alice.getByRole("list", { name: "Approvers", exact: true }).getByText("Bob Example")).toBeVisible();
  await expect(alice.getByRole("list", { name: "Approvers", exact: true }).getByText("Carol Example")).toHaveCount(0);
  // The rule's escalation (after: 1h): when, and who, and that she has not been asked yet.
  const asked = alice.getByText("If nobody decides by", { exact: false });
  await expect(asked).toContainText("these backup approvers are asked too");
  const at = await asked.locator("time").getAttribute("datetime");
  const ahead = new Date(at!).getTime() - Date.now();
  expect(ahead).toBeGreaterThan(50 * 60_000);
  expect(ahead).toBeLessThanOrEqual(60 * 60_000);
  const backups = alice.getByRole("list", { name: "Backup approvers" });
  await expect(backups.getByRole("listitem")).toHaveCount(1);
  await expect(backups.getByRole("listitem")).toContainText("Carol Example");
  await expect(backups.getByRole("listitem")).toContainText("not notified directly");

  // A backup may decide at any time: carol approves, and alice's page turns active by itself.
  await carol.goto(`/requests/${id}`);
  await carol.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(alice.getByRole("heading", { name: "Your access is active" })).toBeVisible();
  await freeRole(alice, "ReadOnly");
  await alice.context().close();
  await carol.context().close();
});

test("a past request can be asked again, pre-filled and editable", async ({ browser }) => {
  const alice = await signedInPage(browser, "alice");
  await freeRole(alice, "ReadOnly");
  const id = await askFor(alice, "prod-readonly", "Look at last night's failed batch", "INC-777");
  await alice.goto(`/requests/${id}`);
  await alice.getByRole("button", { name: "Cancel request" }).click();
  await alice.getByRole("dialog", { name: "Cancel this request?" }).getByRole("button", { name: "Cancel request" }).click();
  await expect(alice.getByText("Cancelled", { exact: true })).toBeVisible();
  await expect(alice.getByRole("link", { name: "Request again" })).toHaveAttribute("href", `/requests/new?again=${id}`);
  // My access: the row of that request in the history offers it too, and only past requests do.
  await alice.goto("/requests");
  const history = alice.getByRole("table", { name: "Your earlier requests" });
  const row = history.getByRole("row").filter({ hasText: "Look at last night's failed batch" }).first();
  await expect(row.getByRole("link", { name: "View request for ReadOnly" })).toHaveAttribute("href", `/requests/${id}`);
  await row.getByRole("link", { name: "Request again for ReadOnly" }).click();
  await expect(alice.getByRole("heading", { name: "Request again" })).toBeVisible();
  await expect(alice.locator('form[data-ready="true"]')).toBeVisible();
  await expect(alice.getByLabel("Justification")).toHaveValue("Look at last night's failed batch");
  await expect(alice.getByLabel(/^Ticket/)).toHaveValue("INC-777");
  await alice.getByLabel("Justification").fill("Look at last night's failed batch, again");
  await alice.getByRole("button", { name: "Send request" }).click();
  await expect(alice).toHaveURL(/\/requests\/[a-z0-9]+\?created=1$/);
  await expect(alice.getByText("Look at last night's failed batch, again")).toBeVisible();
  await freeRole(alice, "ReadOnly");
  await alice.context().close();
});

test("approving under an MFA rule says so before the click, and a step-up without MFA says it failed", async ({ browser }) => {
  const carol = await signedInPage(browser, "carol");
  await freeRole(carol, "Administrator");
  const id = await askFor(carol, "prod-admin", "Rotate the database credentials", "OPS-4711");
  const bob = await signedInPage(browser, "bob", `/requests/${id}`);
  await expect(bob.getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);
  // The menu says this is an approver's page, not bob's own access.
  await expect(bob.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Approvals" })).toHaveAttribute("aria-current", "page");
  await expect(bob.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My access" })).not.toHaveAttribute("aria-current", "page");

  await bob.getByRole("link", { name: "Approve: sign in with a second factor first" }).click();
  await bob.getByRole("button", { name: "Sign in again with Demo IdP" }).click();
  await bob.getByLabel("Username").fill("bob");
  await bob.getByLabel("Password").fill("demo");
  await bob.getByRole("button", { name: "Sign in" }).click();
  await expect(bob).toHaveURL(new RegExp(`/requests/${id}\\?action=approve&stepup=mfa$`));
  await expect(bob.getByText("You signed in again, but without a second factor")).toBeVisible();
  await expect(bob.getByText("The decision was not recorded")).toHaveCount(0);
  await freeRole(carol, "Administrator");
  await bob.context().close();
  await carol.context().close();
});

const MAIN_PAGES = ["/requests", "/requests/new", "/approvals", "/admin/audit", "/admin/catalog", "/admin/notifications", "/admin/sessions", "/devices"];

async function axeProblems(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function pagesOf(browser: Browser, width: number) {
  const carol = await signedInPage(browser, "carol", "/requests", { context: { viewport: { width, height: 800 } } });
  const alice = await signedInPage(browser, "alice");
  await freeRole(alice, "ReadOnly");
  const id = await askFor(alice, "prod-readonly", "A request page to look at on a phone");
  await alice.context().close();
  return { carol, paths: [...MAIN_PAGES, `/requests/${id}`] };
}

test("every main page fits 360 px without sideways scrolling", async ({ browser }) => {
  const { carol, paths } = await pagesOf(browser, 360);
  for (const path of paths) {
    await carol.goto(path);
    await expect(carol.getByRole("heading", { level: 1 })).toBeVisible();
    // What sticks out, named, so a failure says where to look (a wide table scrolls inside its own box).
    const wide = await carol.evaluate(() => {
      const limit = document.documentElement.clientWidth;
      return [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > limit + 0.5 && !el.closest(".sr-only, .overflow-x-auto"))
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)} "${(el.textContent ?? "").slice(0, 40)}"`);
    });
    const overflow = await carol.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect({ overflow, wide }, `${path} scrolls sideways`).toEqual({ overflow: 0, wide: [] });
    await carol.screenshot({ path: test.info().outputPath(`phone${path.replaceAll("/", "_")}.png`), fullPage: true });
  }
  // The history's link to each request is on screen, on both pages that have one.
  for (const path of ["/requests", "/approvals"]) {
    await carol.goto(path);
    const view = carol.getByRole("link", { name: /^View request/ }).first();
    // Sideways only: a long queue may put the history below the fold, which is fine.
    if ((await view.count()) > 0) {
      const box = (await view.boundingBox())!;
      expect(box.x + box.width, `${path}: View is off the right edge`).toBeLessThanOrEqual(360);
    }
  }
  await carol.context().close();
});

test("axe finds no serious or critical violation on the main pages", async ({ browser }) => {
  // Ten pages, each loaded, scanned by axe and captured whole: about 40 s on a quiet machine and
  // past a minute on a busy one, which is no failure of the pages.
  test.setTimeout(180_000);
  const { carol, paths } = await pagesOf(browser, 1280);
  const counts: Record<string, number> = {};
  for (const path of paths) {
    await carol.goto(path);
    await expect(carol.getByRole("heading", { level: 1 })).toBeVisible();
    const problems = await axeProblems(carol);
    counts[path] = problems.length;
    expect(problems, path).toEqual([]);
    await carol.screenshot({ path: test.info().outputPath(`desktop${path.replaceAll("/", "_")}.png`), fullPage: true });
  }
  const signedOut = await (await browser.newContext()).newPage();
  await signedOut.goto("/signin");
  expect(await axeProblems(signedOut), "/signin").toEqual([]);
  console.log(`[axe] serious+critical per page: ${JSON.stringify({ ...counts, "/signin": 0 })}`);
  await signedOut.context().close();
  await carol.context().close();
});

test("another host name is told which address to use, and the Slack stand-in renders Block Kit", async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`http://localhost:${E2E_APP_PORT}/signin`);
  await expect(page.getByText(`Open Frontdesk at 127.0.0.1:${E2E_APP_PORT}`)).toBeVisible();
  await page.getByRole("link", { name: `Continue at ${E2E_APP_URL}` }).click();
  await expect(page).toHaveURL(`${E2E_APP_URL}/signin`);
  await expect(page.getByText("Open Frontdesk at")).toHaveCount(0);

  // Earlier tests posted requests: their messages show as Slack would, not as raw mrkdwn.
  await page.goto(`http://127.0.0.1:${E2E_SLACK_PORT}/`);
  await expect(page.getByRole("heading", { name: "Slack stand-in" })).toBeVisible();
  await expect(page.locator("section .fields strong").first()).toBeVisible();
  await expect(page.locator("section a.button").first()).toBeVisible();
  expect(await page.locator("body").innerText()).not.toMatch(/\*[A-Z][a-z]+\*|<https?:/);
  await page.context().close();
});
