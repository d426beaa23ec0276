// Admins see the catalog as loaded and can check its roles against IAM (moto).
import { expect, test } from "@playwright/test";
import { signedInPage } from "./helpers";

test("an admin checks the catalog's roles against IAM", async ({ browser }) => {
  const carol = await signedInPage(browser, "carol");
  await carol.getByRole("link", { name: "Catalog" }).click();
  await expect(carol.getByRole("heading", { name: "Access catalog" })).toBeVisible();
  await expect(carol.getByText("Valid", { exact: true })).toBeVisible();
  const roles = carol.getByRole("table", { name: "Roles" });
  await expect(roles.getByText("arn:aws:iam::123456789012:role/FrontdeskDeveloper")).toBeVisible();
  const rules = carol.getByRole("table", { name: "Access rules" });
  const change = rules.getByRole("row").filter({ hasText: "prod-change" });
  await expect(change).toContainText("2 approvals");
  await expect(change).toContainText("(OPS|INC)-[0-9]+");
  await expect(rules.getByRole("row").filter({ hasText: "prod-admin-access" })).toContainText("platform-admins");

  await carol.getByRole("button", { name: "Check roles" }).click();
  const results = carol.getByRole("list", { name: "Role check results" });
  await expect(results.getByText("Ready")).toHaveCount(4);
  await expect(results.getByText(/allows .* to call sts:SetSourceIdentity/).first()).toBeVisible();
});

test("the catalog page is not there for people who are not admins", async ({ browser }) => {
  const alice = await signedInPage(browser, "alice");
  await expect(alice.getByRole("link", { name: "Catalog" })).toHaveCount(0);
  const response = await alice.goto("/admin/catalog");
  expect(response?.status()).toBe(404);
});
