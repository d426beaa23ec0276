// Many accounts, against real PostgreSQL and moto with IAM in several accounts: revocations land on
// the role in its own account through that account's management role; the role check and the
// admin's reachability check read other accounts; a busy role's denies spill into managed
// policies and every person's cutoff stays exact.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueCredentials } from "@/lib/access/issue-access";
import { checkCatalogRoles } from "@/lib/catalog/check-catalog-roles";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import type { Actor } from "@/lib/policy/access";
import { createRequest } from "@/lib/requests/create-request";
import { decideRequest } from "@/lib/requests/decide-request";
import { revokeRequest } from "@/lib/requests/revoke-request";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { advance, runJobs } from "@/lib/testing/revocation-kit";
import { createRoleIn, revocationDocumentsIn } from "@/scripts/dev/accounts";
import { REVOCATION_POLICY_NAME } from "./revocation-policy";
import { deniedUntil } from "./revocation-packing";
import { REVOCATION_POLICY_PATH, syncRevocationPolicy } from "./sync-revocation-policy";

const PROD = "111111111111";
const STAGING = "222222222222";
const ORPHAN = "333333333333";
const CATALOG = `
admins: [admins]
management: { roleName: FrontdeskManagement, externalId: fd-mgmt-7f3a }
revocation: { managedPolicies: 4, busyAfter: 1000 }
accounts:
  - { id: "123456789012", name: Broker, management: false }
  - { id: "${PROD}", name: Production }
  - { id: "${STAGING}", name: Staging, management: { roleName: "Frontdesk-{accountId}", externalId: fd-staging-91 } }
  - { id: "${ORPHAN}", name: Orphan }
roles:
  - { id: prod-dev, name: Developer, account: "${PROD}", arn: "arn:aws:iam::${PROD}:role/FrontdeskDeveloper", maxDuration: 4h, requesters: [engineering], approvers: [security], managed: true }
  - { id: staging-dev, name: Developer, account: "${STAGING}", arn: "arn:aws:iam::${STAGING}:role/teams/FrontdeskDeveloper", maxDuration: 4h, maxSessionDuration: 12h, requesters: [engineering], approvers: [security], managed: true }
`;
const PROD_ROLE = `arn:aws:iam::${PROD}:role/FrontdeskDeveloper`;
const STAGING_ROLE = `arn:aws:iam::${STAGING}:role/teams/FrontdeskDeveloper`;

let h: Harness;
let alice: Actor, bob: Actor;

beforeAll(async () => {
  h = await createHarness();
  h.catalog = parseCatalog(CATALOG, "many-accounts.yaml");
  await createRoleIn(h.motoUrl, `arn:aws:iam::${PROD}:role/FrontdeskManagement`, { externalId: "fd-mgmt-7f3a" });
  await createRoleIn(h.motoUrl, `arn:aws:iam::${STAGING}:role/Frontdesk-${STAGING}`, { externalId: "fd-staging-91" });
  await createRoleIn(h.motoUrl, PROD_ROLE);
  await createRoleIn(h.motoUrl, STAGING_ROLE, { maxSessionDuration: 43_200 });
  alice = await h.person("alice", ["engineering"]);
  bob = await h.person("bob", ["security"]);
}, 60_000);
afterAll(() => h.close());

const documentsOn = (roleArn: string) => revocationDocumentsIn(h.motoUrl, roleArn, REVOCATION_POLICY_NAME, REVOCATION_POLICY_PATH);

describe("a management role per account", () => {
  it("lands a revocation on the role in its own account, through that account's management role", async () => {
    const request = await createRequest(h, { actor: alice, input: { roleId: "prod-dev", justification: "Fix INC-7", durationMinutes: 60 } });
    await decideRequest(h, { actor: bob, requestId: request.id, decision: "APPROVE" });
    await issueCredentials(h, { actor: alice, requestId: request.id });
    await revokeRequest(h, { actor: bob, requestId: request.id, reason: "Laptop stolen" });
    expect(await runJobs(h)).toMatchObject({ failed: 0, retried: 0 });

    // The broker account has no such role: only the management role in 111111111111 could write it.
    const { inline, managed } = await documentsOn(PROD_ROLE);
    expect(deniedUntil([inline!])).toEqual(new Map([["alice@example.com", "2026-03-02T09:00:30Z"]]));
    expect(managed).toEqual([]);
    expect(await h.db.revocation.findFirst({ where: { requestId: request.id } })).toMatchObject({ status: "APPLIED" });
  });

  it("checks roles in other accounts through their management roles, and shows which accounts are reachable", async () => {
    const check = await checkCatalogRoles(h);
    const prod = check.results.find((r) => r.roleId === "prod-dev")!;
    expect(prod.checks.find((c) => c.label === "Role exists in IAM")?.ok).toBe(true);
    expect(prod.checks.some((c) => c.ok && c.label.includes(`through arn:aws:iam::${PROD}:role/FrontdeskManagement`))).toBe(true);
    expect(check.results.find((r) => r.roleId === "staging-dev")?.checks.find((c) => c.label.startsWith("MaxSessionDuration"))?.ok).toBe(true);
    expect(check.accounts).toEqual([
      expect.objectContaining({ accountId: "123456789012", managementRoleArn: null, reachable: false }),
      expect.objectContaining({ accountId: PROD, managementRoleArn: `arn:aws:iam::${PROD}:role/FrontdeskManagement`, reachable: true }),
      expect.objectContaining({ accountId: STAGING, managementRoleArn: `arn:aws:iam::${STAGING}:role/Frontdesk-${STAGING}`, reachable: true }),
      // No management role was created there: the page says so instead of pretending.
      expect.objectContaining({ accountId: ORPHAN, reachable: false }),
    ]);
  });
});

describe("revocation at scale", () => {
  it("on a busy role, rounds a new cutoff up to the shared ceiling, stores exactly what the policy says, and leaves earlier cutoffs alone", async () => {
    const carol = await h.person("carol", ["engineering"]);
    const saved = h.catalog;
    h.catalog = { ...saved, revocation: { ...saved.revocation, busyAfter: 1, busyCeilingSeconds: 600 } };
    try {
      const request = await createRequest(h, { actor: carol, input: { roleId: "prod-dev", justification: "Fix INC-8", durationMinutes: 60 } });
      await decideRequest(h, { actor: bob, requestId: request.id, decision: "APPROVE" });
      const { revocation } = await revokeRequest(h, { actor: bob, requestId: request.id, reason: "Done early" });
      // 09:00:00 + 30 s margin, up to the next ten minutes; alice's revocation is the live one that makes the role busy.
      expect(revocation?.cutoff).toEqual(new Date("2026-03-02T09:10:00Z"));
      expect(await runJobs(h)).toMatchObject({ failed: 0, retried: 0 });
      const { inline } = await documentsOn(PROD_ROLE);
      expect(deniedUntil([inline!])).toEqual(
        new Map([
          ["alice@example.com", "2026-03-02T09:00:30Z"],
          ["carol@example.com", "2026-03-02T09:10:00Z"],
        ]),
      );
    } finally {
      h.catalog = saved;
    }
  });

  it("spills a busy role's denies into managed policies in its account, every cutoff exact, and cleans up as they expire", async () => {
    const start = h.now().getTime();
    const expected = new Map<string, string>();
    const rows = Array.from({ length: 150 }, (_, i) => {
      const cutoff = new Date(start + 60_000 + i * 7_000); // a distinct cutoff each
      return { sourceIdentity: `person${String(i).padStart(3, "0")}@example.com`, cutoff };
    });
    // One person ended twice: only the later cutoff counts (it denies all the earlier one did).
    rows.push({ sourceIdentity: "person000@example.com", cutoff: new Date(start + 3_000_000) });
    for (const r of rows) expected.set(r.sourceIdentity, r.cutoff.toISOString().replace(".000Z", "Z"));
    // Test setup: closed requests to hang the revocations on (one revocation per request).
    const requests = await h.db.accessRequest.createManyAndReturn({
      data: rows.map(() => ({
        requesterId: alice.id,
        accountId: STAGING,
        roleId: "staging-dev",
        justification: "setup",
        durationSeconds: 3600,
        status: "REVOKED" as const,
      })),
      select: { id: true },
    });
    await h.db.revocation.createMany({
      data: rows.map((r, i) => ({
        requestId: requests[i]!.id,
        roleArn: STAGING_ROLE,
        sourceIdentity: r.sourceIdentity,
        cutoff: r.cutoff,
        removeAfter: new Date(r.cutoff.getTime() + 43_230_000),
        createdAt: h.now(),
      })),
    });

    await syncRevocationPolicy(h, STAGING_ROLE);
    const { inline, managed } = await documentsOn(STAGING_ROLE);
    expect(managed.length).toBeGreaterThanOrEqual(2);
    for (const doc of [inline!, ...managed]) expect(doc.replace(/\s/g, "").length).toBeLessThanOrEqual(managed.includes(doc) ? 6144 : 10_240);
    expect(deniedUntil([inline!, ...managed])).toEqual(expected);

    // Past the first 120 removeAfters: only those left are denied, and unused policies are gone.
    advance(h, 60 + 119 * 7 + 43_230);
    await syncRevocationPolicy(h, STAGING_ROLE);
    const after = await documentsOn(STAGING_ROLE);
    const left = new Map([...expected].filter(([id]) => id === "person000@example.com" || Number(id.slice(6, 9)) >= 120));
    expect(deniedUntil([after.inline!, ...after.managed])).toEqual(left);
    expect(after.managed).toEqual([]);
    expect(await h.db.revocation.count({ where: { roleArn: STAGING_ROLE, status: "REMOVED" } })).toBe(120);
  });
});
