// Revocation in a deployment with no AWS credentials at all, against PostgreSQL and moto: the
// account's management role is assumed with AssumeRoleWithWebIdentity and a token Frontdesk signs
// (subject frontdesk:management), and the deny policy lands on the web-identity role in its own
// account. The same catalog with an assume-role management role cannot write it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueCredentials } from "@/lib/access/issue-access";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import { managementTrustStatement, webIdentityTrustStatement } from "@/lib/federation/trust-policy";
import type { Actor } from "@/lib/policy/access";
import { createRequest } from "@/lib/requests/create-request";
import { decideRequest } from "@/lib/requests/decide-request";
import { getRequestForViewer } from "@/lib/requests/queries";
import { revokeRequest } from "@/lib/requests/revoke-request";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { runJobs } from "@/lib/testing/revocation-kit";
import { createRoleIn, revocationDocumentsIn } from "@/scripts/dev/accounts";
import { deniedUntil } from "./revocation-packing";
import { REVOCATION_POLICY_NAME } from "./revocation-policy";
import { REVOCATION_POLICY_PATH } from "./sync-revocation-policy";

const PROD = "111111111111";
const ROLE = `arn:aws:iam::${PROD}:role/FrontdeskWebIdentity`;
const ISSUER = "http://frontdesk.test/aws-idp";
const PROVIDER = `arn:aws:iam::${PROD}:oidc-provider/frontdesk.test/aws-idp`;
const catalog = (managementMint: string) => `
admins: [admins]
management: { roleName: FrontdeskManagement, mint: ${managementMint} }
minting: { default: web-identity }
accounts:
  - { id: "${PROD}", name: Production }
roles:
  - { id: wi, name: WebIdentity, account: "${PROD}", arn: "${ROLE}", maxDuration: 4h, requesters: [engineering], approvers: [security], managed: true }
`;

let h: Harness;
let alice: Actor, bob: Actor;
const saved = { ...process.env };

beforeAll(async () => {
  for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"]) delete process.env[name];
  process.env.AWS_EC2_METADATA_DISABLED = "true";
  h = await createHarness({ withFederation: true });
  h.catalog = parseCatalog(catalog("web-identity"), "no-credentials.yaml");
  h.clock.now = new Date(Math.floor(Date.now() / 1000) * 1000);
  h.aws.assumeRole = () => Promise.reject(new Error("sts:AssumeRole must not be called: Frontdesk has no credentials"));
  const audience = "sts.amazonaws.com";
  await createRoleIn(h.motoUrl, `arn:aws:iam::${PROD}:role/FrontdeskManagement`, {
    trustPolicy: { Version: "2012-10-17", Statement: [managementTrustStatement({ providerArn: PROVIDER, issuer: ISSUER, audience })] },
  });
  await createRoleIn(h.motoUrl, ROLE, {
    maxSessionDuration: 14_400,
    trustPolicy: { Version: "2012-10-17", Statement: [webIdentityTrustStatement({ providerArn: PROVIDER, issuer: ISSUER, audience, roleArn: ROLE })] },
  });
  alice = await h.person("alice", ["engineering"]);
  bob = await h.person("bob", ["security"]);
}, 60_000);
afterAll(async () => {
  process.env = saved;
  await h.close();
});

const documentsOn = () => revocationDocumentsIn(h.motoUrl, ROLE, REVOCATION_POLICY_NAME, REVOCATION_POLICY_PATH);

async function revokedGrant(): Promise<string> {
  await h.retire(alice);
  const request = await createRequest(h, { actor: alice, input: { roleId: "wi", justification: "Fix INC-9", durationMinutes: 60 } });
  await decideRequest(h, { actor: bob, requestId: request.id, decision: "APPROVE" });
  await issueCredentials(h, { actor: alice, requestId: request.id });
  await revokeRequest(h, { actor: bob, requestId: request.id, reason: "Laptop stolen" });
  return request.id;
}

describe("revocation with no AWS credentials", () => {
  it("an assume-role management role cannot be reached: the revocation stays pending with the reason", async () => {
    h.catalog = parseCatalog(catalog("assume-role"), "with-credentials.yaml");
    const requestId = await revokedGrant();
    expect(await runJobs(h)).toMatchObject({ done: expect.any(Number), retried: 1 });
    const job = await h.db.job.findFirstOrThrow({ where: { kind: "revocation.apply" }, orderBy: { createdAt: "desc" } });
    expect(job.lastError).toMatch(/could not assume the management role .*FrontdeskManagement/);
    expect(await h.db.revocation.findFirst({ where: { requestId } })).toMatchObject({ status: "PENDING" });
    expect((await documentsOn()).inline).toBeNull();
    // Settled for the next test: nothing of this one is left to apply.
    await h.db.job.deleteMany({ where: { kind: "revocation.apply" } });
    await h.db.revocation.deleteMany({});
  });

  it("a web-identity management role is assumed with Frontdesk's own token and the deny lands on the role in its account", async () => {
    h.catalog = parseCatalog(catalog("web-identity"), "no-credentials.yaml");
    const requestId = await revokedGrant();
    expect(await runJobs(h)).toMatchObject({ failed: 0, retried: 0 });
    const { inline } = await documentsOn();
    expect(inline).not.toBeNull();
    expect([...deniedUntil([inline!]).keys()]).toEqual(["alice@example.com"]);
    const revocation = await h.db.revocation.findFirstOrThrow({ where: { requestId } });
    expect(revocation).toMatchObject({ status: "APPLIED" });
    // A token signed just before the revocation can be replayed to STS for its five minutes: the
    // sessions it would mint are stamped after the revocation, and the deny still covers them.
    expect(revocation.cutoff.getTime() - revocation.createdAt.getTime()).toBeGreaterThanOrEqual((300 + 30) * 1000);
    expect(deniedUntil([inline!]).get("alice@example.com")).toBe(revocation.cutoff.toISOString().replace(".000Z", "Z"));
  });
});

describe("a federated role in an account without a management role", () => {
  it("is revoked in Frontdesk only, and the request page says issued sessions live until they expire", async () => {
    h.catalog = parseCatalog(catalog("web-identity").replace(/^management: .*$/m, ""), "no-management.yaml");
    const requestId = await revokedGrant();
    expect(await h.db.revocation.count({ where: { requestId } })).toBe(0);
    const view = (await getRequestForViewer(h, bob, requestId))!;
    expect(view.closing).toMatchObject({ managed: false, closedAt: expect.any(Date) });
    expect(view.closing.lastSessionExpiresAt).toEqual(expect.any(Date));
  });
});
