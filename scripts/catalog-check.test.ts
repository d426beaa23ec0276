// `npm run catalog:check` on a prepared pair of catalogs: the gains, losses and rule changes a
// reviewer must see, and a refusal with the problems for an invalid file.
import { execFile } from "node:child_process";
import { writeFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const FIXTURES = path.join(__dirname, "fixtures", "catalog-check");
const check = (...args: string[]) => run("npx", ["tsx", path.join(__dirname, "catalog-check.ts"), ...args], { cwd: path.join(__dirname, "..") });

describe("catalog:check", () => {
  it("prints who gains and loses which role and which rules changed", async () => {
    const { stdout } = await check(path.join(FIXTURES, "after.yaml"), "--against", path.join(FIXTURES, "before.yaml"));
    expect(stdout).toContain("Valid: 2 accounts, 3 roles");
    expect(stdout).toContain("### Gains: may now request (1)\n\n- group:engineering → **prod-read** (rule prod-read-engineers)");
    expect(stdout).toContain(
      "### Losses: may no longer request (2)\n\n- user:contractor@example.com ✗ **prod-admin** (was rule prod)\n- user:contractor@example.com ✗ **prod-read** (was rule prod)",
    );
    expect(stdout).toContain("rule **prod** approvers: group:security → group:leads, group:security");
    expect(stdout).toContain("rule **prod** approvals: 2 → 1");
    expect(stdout).toContain("rule **prod** autoApprove: off → groups sre up to 3600s");
    expect(stdout).toContain("rule **prod** breakGlass: groups oncall up to 3600s → off");
    expect(stdout).toContain("### Rules added (1)\n\n- prod-read-engineers");
    // engineering's staging role is untouched: not listed.
    expect(stdout).not.toContain("staging-dev");
  });

  it("says nothing changed for the same file, and refuses an invalid one with its problems", async () => {
    expect((await check(path.join(FIXTURES, "before.yaml"), "--against", path.join(FIXTURES, "before.yaml"))).stdout).toContain(
      "No change in who may request what",
    );
    const dir = await mkdtemp(path.join(tmpdir(), "catalog-check-"));
    try {
      await writeFile(path.join(dir, "broken.yaml"), "accounts: []\nroles: []\n");
      const failure = (await check(path.join(dir, "broken.yaml")).catch((error: unknown) => error)) as { code: number; stderr: string };
      expect(failure.code).toBe(1);
      expect(failure.stderr).toContain("accounts must list at least one account");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
