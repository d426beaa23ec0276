// Admins read the audit trail, filter it and take it away as a file; nobody else sees it.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { signedInPage } from "./helpers";

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
