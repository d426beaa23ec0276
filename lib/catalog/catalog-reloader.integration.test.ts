// Live catalog reload on two instances sharing one catalog file, against real PostgreSQL: a good
// change is served by both within seconds, a broken one is refused by both with its problems
// kept for admins while the old catalog keeps serving; every load and refusal is audited.
import { mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { waitUntil } from "@/scripts/dev/net";
import { createCatalogReloader, type CatalogReloader } from "./catalog-reloader";
import { loadCatalogFile } from "./load-catalog";

const catalogText = (roles: string[]) => `
admins: [admins]
accounts:
  - { id: "123456789012", name: Sandbox }
roles:
${roles.map((id) => `  - { id: ${id}, name: ${id}, account: "123456789012", arn: "arn:aws:iam::123456789012:role/${id}", maxDuration: 1h, requesters: [engineering], approvers: [security] }`).join("\n")}
`;

let h: Harness;
let dir: string;
let file: string;
let a: CatalogReloader, b: CatalogReloader;
const stops: (() => void)[] = [];

/** Written beside and renamed over, as editors and config-map mounts do. */
async function publish(text: string) {
  await writeFile(`${file}.tmp`, text);
  await rename(`${file}.tmp`, file);
}

beforeAll(async () => {
  h = await createHarness({ withMoto: false });
  dir = await mkdtemp(path.join(tmpdir(), "frontdesk-reload-"));
  file = path.join(dir, "catalog.yaml");
  await writeFile(file, catalogText(["dev"]));
  // Two instances: each loads the file itself and keeps its own served catalog.
  a = createCatalogReloader(loadCatalogFile(file), { db: h.db, now: h.now });
  b = createCatalogReloader(loadCatalogFile(file), { db: h.db, now: h.now });
  stops.push(a.start(200), b.start(200));
});
afterAll(async () => {
  stops.forEach((stop) => stop());
  await rm(dir, { recursive: true, force: true });
  await h.close();
});

const roleIds = (r: CatalogReloader) => r.current().roles.map((role) => role.id);

describe("live catalog reload", () => {
  it("serves a valid change on both instances within seconds, audited with its sha256", async () => {
    await publish(catalogText(["dev", "ops"]));
    await waitUntil("both instances serve the new catalog", async () => roleIds(a).includes("ops") && roleIds(b).includes("ops"), { timeoutMs: 10_000 });
    const sha = a.current().sha256;
    expect(b.current().sha256).toBe(sha);
    // Swapped first, then audited: each instance records the load.
    const audited = async () =>
      (await h.db.auditEvent.findMany({ where: { action: "catalog.loaded" } })).filter((e) => (e.data as { sha256?: string }).sha256 === sha).length;
    await waitUntil("both loads audited", async () => (await audited()) === 2, { timeoutMs: 10_000 });
    expect(a.refusal()).toBeNull();
  });

  it("refuses a broken file on both, keeps serving the old catalog and says why", async () => {
    const before = a.current();
    await publish(catalogText(["dev", "ops"]).replace("name: Sandbox", "name: Sandbox, partition: mars"));
    await waitUntil("both instances refuse", async () => a.refusal() !== null && b.refusal() !== null, { timeoutMs: 10_000 });
    expect(a.current()).toBe(before);
    expect(b.current().sha256).toBe(before.sha256);
    expect(a.refusal()?.problems.join("\n")).toMatch(/accounts\[0\]\.partition/);
    // Looking again changes nothing and records nothing new.
    expect(await a.check()).toBe("refused");
    await waitUntil("both refusals audited", async () => (await h.db.auditEvent.count({ where: { action: "catalog.refused" } })) === 2, { timeoutMs: 10_000 });
    const refusals = await h.db.auditEvent.findMany({ where: { action: "catalog.refused" } });
    expect((refusals[0]!.data as { serving: string }).serving).toBe(before.sha256);

    // Fixed again: served, and the refusal is gone.
    await publish(catalogText(["dev", "ops", "data"]));
    await waitUntil("both serve the fix", async () => roleIds(a).includes("data") && roleIds(b).includes("data"), { timeoutMs: 10_000 });
    expect(a.refusal()).toBeNull();
    expect(await readFile(file, "utf8")).toContain("data");
  });
});
