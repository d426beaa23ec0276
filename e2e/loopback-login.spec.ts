// `frontdesk login --browser` end to end against the production build: the CLI listens on
// 127.0.0.1, the person signs in at the dev IdP in Chromium and confirms on /device, the browser is
// sent back to the CLI's loopback address with a one-time code, and the CLI exchanges it with its
// PKCE verifier for a token.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { signedInPage } from "./helpers";
import { cli } from "./cli-process";
import { E2E_APP_URL } from "./ports";

test("frontdesk login --browser: confirmed after a real IdP sign-in, the browser comes back to the CLI's loopback listener", async ({ browser }) => {
  const configDir = mkdtempSync(path.join(tmpdir(), "frontdesk-e2e-"));
  try {
    let shown: (url: string) => void = () => undefined;
    const verification = new Promise<string>((resolve) => (shown = resolve));
    const login = cli(configDir, ["login", "--browser", "--print", "--server", E2E_APP_URL, "--name", "alice desktop"], (stderr) => {
      const url = /open (\S+\/device\?\S+)/.exec(stderr)?.[1];
      if (url) shown(url);
    });
    const url = new URL(await verification);
    const redirect = new URL(url.searchParams.get("redirect_uri") ?? "");
    expect(redirect.hostname).toBe("127.0.0.1");
    expect(url.searchParams.get("state")).toMatch(/^[A-Za-z0-9_-]{32}$/);

    const page = await signedInPage(browser, "alice", `${url.pathname}${url.search}`);
    await expect(page.getByText("alice desktop")).toBeVisible();
    await page.getByRole("button", { name: "Sign in this device" }).click();
    await expect(page.getByText("Signed in. You can close this tab and go back to your terminal.")).toBeVisible();
    expect(new URL(page.url()).origin).toBe(redirect.origin);

    const done = await login;
    expect(done.stderr).toContain("Signed in as alice@");
    expect(done.code).toBe(0);
    const whoami = await cli(configDir, ["whoami"]);
    expect(whoami.stdout).toMatch(/groups: engineering/);
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }
});
