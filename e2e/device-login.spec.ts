// `frontdesk login` end to end against the production build: the CLI starts the device sign-in,
// the person signs in at the dev IdP in Chromium and confirms the code on /device, the CLI
// receives its token; the Devices and tokens page lists the terminal and signs it out.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { freeRole, signedInPage } from "./helpers";
import { cli } from "./cli-process";
import { E2E_APP_URL } from "./ports";

test("frontdesk login: confirmed in the browser after a real IdP sign-in; request --wait returns when another person approves in the browser; signed out from the Devices page", async ({
  browser,
}) => {
  const configDir = mkdtempSync(path.join(tmpdir(), "frontdesk-e2e-"));
  try {
    let shown: (url: string) => void = () => undefined;
    const verification = new Promise<string>((resolve) => (shown = resolve));
    const login = cli(configDir, ["login", "--server", E2E_APP_URL, "--name", "bob e2e laptop"], (stderr) => {
      const url = /open (\S+\/device\?code=\S+)/.exec(stderr)?.[1];
      if (url) shown(url);
    });
    const url = new URL(await verification);
    // Bob, so the journey spec still meets Alice with no requests at all.
    const page = await signedInPage(browser, "bob", `${url.pathname}${url.search}`);
    await expect(page.getByText("bob e2e laptop")).toBeVisible();
    await expect(page.getByLabel("Code shown in your terminal")).toHaveValue(url.searchParams.get("code") ?? "");
    await page.getByRole("button", { name: "Sign in this device" }).click();
    await expect(page.getByText(/Signed in “bob e2e laptop”/)).toBeVisible();

    const done = await login;
    expect(done.stderr).toContain("Signed in as");
    expect(done.code).toBe(0);
    const whoami = await cli(configDir, ["whoami"]);
    expect(whoami.stdout).toMatch(/groups: engineering/);

    // `request --wait` returns once another person approves in the browser.
    await freeRole(page, "ReadOnly");
    let asked: (id: string) => void = () => undefined;
    const waitingOn = new Promise<string>((resolve) => (asked = resolve));
    const waiting = cli(
      configDir,
      ["request", "prod-readonly", "--for", "1h", "--reason", "Read the incident's logs from the terminal", "--wait"],
      (stderr) => {
        const id = /Waiting for a decision on ([a-z0-9]+)/.exec(stderr)?.[1];
        if (id) asked(id);
      },
    );
    const requestId = await waitingOn;
    const carol = await signedInPage(browser, "carol", `/requests/${requestId}`);
    await expect(carol.getByText("Read the incident's logs from the terminal")).toBeVisible();
    await carol.getByRole("button", { name: "Approve" }).click();
    await expect(carol.getByText("Active", { exact: true })).toBeVisible();
    const waited = await waiting;
    expect(waited.stderr).toMatch(new RegExp(`${requestId}\\s+ACTIVE\\s+prod-readonly`));
    expect(waited.code).toBe(0);
    await carol.context().close();
    await freeRole(page, "ReadOnly");

    await page.goto("/devices");
    await expect(page.getByRole("list", { name: "Signed-in devices" })).toContainText("bob e2e laptop");
    await page.getByRole("button", { name: "Sign out bob e2e laptop" }).click();
    await expect(page.getByText("No terminal is signed in.")).toBeVisible();
    const after = await cli(configDir, ["whoami"]);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain("run `frontdesk login`");
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }
});
