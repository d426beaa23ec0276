// Admins read the audit trail, filter it and take it away as a file; nobody else sees it.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { freeRole, requestRole, signedInPage } from "./helpers";

const CSV_HEADER = "seq,at,actorId,actorEmail,action,targetType,targetId,requestId,result,data,prevHash,hash";

test("an admin filters the audit trail by event type and downloads it as CSV", async ({ browser }) => {
  const carol = await signedInPage(browser, "carol");
  await carol.getByRole("link", { name: "Audit" }).click();
  await expect(carol.getByRole("heading", { name: "Audit trail" })).toBeVisible();

  await carol.getByLabel("Event type").fill("auth.signed-in");
  await carol.getByLabel("Event type").press("Enter");
  await expect(carol).toHaveURL(/[?&]action=auth\.signed-in/);
  const table = carol.getByRole("table", { name: "Audit events" });
  // Each event in words, with its name beneath (the one the filter and the export use).
  const eventCells = table.locator("tbody tr td:nth-child(3) p.font-mono");
  await expect(eventCells.first()).toHaveText("auth.signed-in");
  await expect(table.locator("tbody tr td:nth-child(3)").first()).toContainText("Signed in");
  expect(new Set(await eventCells.allTextContents())).toEqual(new Set(["auth.signed-in"]));
  await expect(table.getByText("carol@example.com").first()).toBeVisible();

  const download = carol.waitForEvent("download");
  await carol.getByRole("link", { name: "Export CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^frontdesk-audit-\d{8}T\d{6}Z\.csv$/);
  const [header, ...rows] = (await readFile(await file.path(), "utf8")).trimEnd().split("\r\n");
  expect(header).toBe(CSV_HEADER);
  expect(rows.length).toBeGreaterThan(0);
  // The columns up to action never need quoting here (ids, emails, a time).
  expect(new Set(rows.map((row) => row.split(",")[4]))).toEqual(new Set(["auth.signed-in"]));
  expect(rows.some((row) => row.split(",")[3] === "carol@example.com")).toBe(true);

  // The export itself is on the record, with its filter.
  await carol.getByLabel("Event type").fill("audit.exported");
  await carol.getByRole("button", { name: "Apply filters" }).click();
  const exportRow = table.locator("tbody tr", { hasText: "format=csv" }).filter({ hasText: "action=auth.signed-in" });
  await expect(exportRow.first()).toContainText("audit.exported");
});

test("the audit trail is not there for people who are not admins", async ({ browser }) => {
  const alice = await signedInPage(browser, "alice");
  await expect(alice.getByRole("link", { name: "Audit" })).toHaveCount(0);
  expect((await alice.goto("/admin/audit"))?.status()).toBe(404);
  const response = await alice.request.get("/api/audit/export?format=csv");
  expect(response.status()).toBe(404);
  expect(response.headers()["content-disposition"]).toBeUndefined();
  expect(await response.text()).not.toContain("seq,at");
});

/** What sticks out of its table's box (a table that needs scrolling inside its box counts too), named. */
async function overflowingTables(page: import("@playwright/test").Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("main table")].flatMap((table) => {
      const box = table.parentElement!;
      const right = box.getBoundingClientRect().right;
      const out = [...table.querySelectorAll("th, td, td *")]
        .filter((el) => !el.closest(".sr-only") && el.getBoundingClientRect().right > right + 0.5)
        .slice(0, 3)
        .map((el) => `${el.tagName.toLowerCase()} "${(el.textContent ?? "").slice(0, 30)}"`);
      const scroll = box.scrollWidth - box.clientWidth;
      return scroll > 0 || out.length > 0 ? [`${table.querySelector("caption")?.textContent}: scrolls ${scroll}px; ${out.join(", ")}`] : [];
    }),
  );
}

test("the audit table's every column, Details included, is within its table on a 1280 px desktop", async ({ browser }) => {
  // Rows of every shape: a request (its id in the Request column, its details), a cancellation, sign-ins.
  // (bob asks: the journey spec expects alice to have no requests yet)
  const bob = await signedInPage(browser, "bob");
  await freeRole(bob, "ReadOnly");
  await requestRole(bob, "ReadOnly · Production (210987654321)", "An audit row with a request id, a ticket and a justification to show");
  await freeRole(bob, "ReadOnly");
  await bob.context().close();
  const carol = await signedInPage(browser, "carol", "/admin/audit", { context: { viewport: { width: 1280, height: 900 } } });
  const table = carol.getByRole("table", { name: "Audit events" });
  await expect(table.locator("tbody tr").first()).toBeVisible();
  await expect(table.getByRole("columnheader", { name: "Details" })).toBeInViewport();
  // Long details (an export's filter, a revocation's ARNs) and long event names are among the rows.
  expect(await overflowingTables(carol)).toEqual([]);
  await carol.screenshot({ path: test.info().outputPath("audit-1280.png"), fullPage: true });
  // On a phone what happened folds into the first column, beside the details: both in view, nothing sideways.
  await carol.setViewportSize({ width: 360, height: 800 });
  await expect(table.locator("tbody tr").first()).toBeVisible();
  const details = (await table.getByRole("columnheader", { name: "Details" }).boundingBox())!;
  expect(details.x + details.width).toBeLessThanOrEqual(360);
  await expect(table.getByRole("columnheader", { name: "Event" })).toBeHidden();
  await expect(table.locator("tbody tr").filter({ hasText: "Request made" }).first()).toBeVisible();
  expect(await overflowingTables(carol)).toEqual([]);
  expect(await carol.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  await carol.screenshot({ path: test.info().outputPath("audit-360.png"), fullPage: true });
  await carol.context().close();
});
