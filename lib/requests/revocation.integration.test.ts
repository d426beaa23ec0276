// Early revocation at AWS, against real PostgreSQL and moto (STS + IAM): the deny that lands on
// the role, its merge and cleanup, an IAM outage, and a revocation racing a mint.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueCredentials } from "@/lib/access/issue-access";
import { createAwsGateway } from "@/lib/aws/gateway";
import type { Deps } from "@/lib/context";
import type { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy/access";
import type { Harness } from "@/lib/testing/harness";
import { findFreePort } from "@/scripts/dev/net";
import { endRequest } from "./end-request";
import { getRequestForViewer } from "./queries";
import { revokeRequest } from "./revoke-request";
import {
  activeGrant,
  advance,
  ARN,
  auditOf,
  createRevocationKit,
  deny,
  pause,
  policyOn,
  refusal,
  runJobs,
  statementsOn,
  type RevocationKit,
} from "@/lib/testing/revocation-kit";

let kit: RevocationKit;
let h: Harness;
let alice: Actor, carol: Actor, dave: Actor, bob: Actor, ada: Actor;

beforeAll(async () => {
  kit = await createRevocationKit();
  ({ h, alice, carol, dave, bob, ada } = kit);
});
afterAll(() => h.close());

describe("revoking a grant on a managed role", () => {
  it("puts the exact deny on the role, confirms it, and removes it once no earlier session can be alive", async () => {
    expect(h.now().toISOString()).toBe("2026-03-02T09:00:00.000Z");
    const id = await activeGrant(kit, alice, "dev");
    await issueCredentials(h, { actor: alice, requestId: id });

    const result = await revokeRequest(h, { actor: bob, requestId: id, reason: "Laptop reported stolen" });
    expect(result).toMatchObject({ changed: true, status: "REVOKED" });
    expect(result.revocation).toMatchObject({
      status: "PENDING",
      roleArn: ARN("FrontdeskDeveloper"),
      sourceIdentity: "alice@example.com",
      cutoff: new Date("2026-03-02T09:00:30Z"),
      // Cutoff + the role's 1 h session limit + the clock-skew margin.
      removeAfter: new Date("2026-03-02T10:01:00Z"),
    });
    expect(await h.db.accessRequest.findUnique({ where: { id } })).toMatchObject({
      status: "REVOKED",
      closedAt: h.now(),
      closedById: bob.id,
      closeReason: "Laptop reported stolen",
    });
    const jobs = await h.db.job.findMany({ where: { payload: { path: ["revocationId"], equals: result.revocation!.id } }, orderBy: { runAt: "asc" } });
    expect(jobs.map((j) => [j.kind, j.status, j.runAt.toISOString()])).toEqual([
      ["revocation.apply", "PENDING", "2026-03-02T09:00:00.000Z"],
      ["revocation.remove", "PENDING", "2026-03-02T10:01:00.000Z"],
    ]);
    expect(await auditOf(h, id)).toEqual([
      "request.created",
      "request.approved",
      "request.activated",
      "access.issue-started",
      "access.credentials-issued",
      "request.revoked",
      "revocation.requested",
    ]);

    // Access stops in Frontdesk at once; AWS is pending until the job has run.
    const pending = await getRequestForViewer(h, alice, id);
    expect(pending?.request.status).toBe("REVOKED");
    expect(pending?.permissions.canUseAccess).toBe(false);
    expect(pending?.closing).toMatchObject({ canEnd: false, canRevoke: false, managed: true, reason: "Laptop reported stolen" });
    expect(pending?.closing.closedBy?.name).toBe("bob");
    expect(pending?.closing.revocation).toMatchObject({ status: "PENDING", applyJob: { status: "PENDING", lastError: null } });
    expect(await policyOn(h, ARN("FrontdeskDeveloper"))).toBeNull();
    expect((await refusal(issueCredentials(h, { actor: alice, requestId: id }))).code).toBe("WINDOW_CLOSED");

    await runJobs(h);
    expect(await policyOn(h, ARN("FrontdeskDeveloper"))).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"Revoke20260302T090030Z","Effect":"Deny","Action":"*","Resource":"*",' +
        '"Condition":{"StringEquals":{"aws:SourceIdentity":"alice@example.com"},"DateLessThan":{"aws:TokenIssueTime":"2026-03-02T09:00:30Z"}}}]}',
    );
    const applied = await getRequestForViewer(h, bob, id);
    expect(applied?.closing.revocation).toMatchObject({ status: "APPLIED", appliedAt: h.now(), applyJob: { status: "DONE" } });
    expect((await auditOf(h, id)).at(-1)).toBe("revocation.applied");

    // Not a second early: a session issued just before the cutoff may live until removeAfter.
    h.clock.now = new Date("2026-03-02T10:00:59Z");
    await runJobs(h);
    expect(await policyOn(h, ARN("FrontdeskDeveloper"))).not.toBeNull();

    h.clock.now = new Date("2026-03-02T10:01:00Z");
    await runJobs(h);
    expect(await policyOn(h, ARN("FrontdeskDeveloper"))).toBeNull();
    const removed = await getRequestForViewer(h, alice, id);
    expect(removed?.closing.revocation).toMatchObject({ status: "REMOVED", removedAt: h.now() });
    expect((await auditOf(h, id)).at(-1)).toBe("revocation.removed");
  });

  it("merges everyone revoked on one role into one policy, and drops each when its time is up", async () => {
    const roleArn = ARN("teams/FrontdeskOperator");
    const first = await activeGrant(kit, alice, "ops");
    const [second, third] = [await activeGrant(kit, carol, "ops"), await activeGrant(kit, dave, "ops")];
    await revokeRequest(h, { actor: bob, requestId: first, reason: "Done with the incident" });
    const firstCutoff = new Date(h.now().getTime() + 30_000).toISOString().replace(".000Z", "Z");
    advance(h, 600);
    await revokeRequest(h, { actor: bob, requestId: second, reason: "Offboarding" });
    await revokeRequest(h, { actor: ada, requestId: third, reason: "Offboarding" });
    const laterCutoff = new Date(h.now().getTime() + 30_000).toISOString().replace(".000Z", "Z");

    await runJobs(h);
    expect(await statementsOn(h, roleArn)).toEqual([deny("alice@example.com", firstCutoff), deny(["carol@example.com", "dave@example.com"], laterCutoff)]);

    advance(h, 3600 + 60 - 600);
    await runJobs(h);
    expect(await statementsOn(h, roleArn)).toEqual([deny(["carol@example.com", "dave@example.com"], laterCutoff)]);
    expect((await h.db.revocation.findUnique({ where: { requestId: first } }))?.status).toBe("REMOVED");
    expect((await h.db.revocation.findUnique({ where: { requestId: second } }))?.status).toBe("APPLIED");

    advance(h, 600);
    await runJobs(h);
    expect(await policyOn(h, roleArn)).toBeNull();
    expect(await h.db.revocation.count({ where: { requestId: { in: [first, second, third] }, status: "REMOVED" } })).toBe(3);
  });

  it("retries with backoff while IAM is unreachable and completes when it returns", async () => {
    const roleArn = ARN("FrontdeskData");
    const id = await activeGrant(kit, alice, "data");
    const { revocation } = await revokeRequest(h, { actor: ada, requestId: id, reason: "Suspicious activity" });
    const closedPort = await findFreePort();
    const down: Deps = {
      ...h,
      aws: createAwsGateway({ region: "us-east-1", stsEndpoint: h.motoUrl, iamEndpoint: `http://127.0.0.1:${closedPort}`, issuer: "http://frontdesk.test" }),
    };
    const applyJob = () => h.db.job.findUniqueOrThrow({ where: { key: `revocation.apply:${revocation!.id}` } });

    await runJobs(down);
    const started = h.now();
    expect(await applyJob()).toMatchObject({ status: "PENDING", attempts: 1, lastError: "Frontdesk could not reach AWS IAM.", lockedUntil: null });
    expect((await applyJob()).runAt).toEqual(new Date(started.getTime() + 5_000));
    // Frontdesk already refuses access; only AWS lags.
    const view = await getRequestForViewer(h, alice, id);
    expect(view?.request.status).toBe("REVOKED");
    expect(view?.closing.revocation).toMatchObject({ status: "PENDING", applyJob: { attempts: 1, lastError: "Frontdesk could not reach AWS IAM." } });

    await runJobs(down);
    expect((await applyJob()).attempts).toBe(1);
    advance(h, 5);
    await runJobs(down);
    expect(await applyJob()).toMatchObject({ attempts: 2, runAt: new Date(h.now().getTime() + 10_000) });
    expect(await policyOn(h, roleArn)).toBeNull();

    advance(h, 10);
    await runJobs(h);
    expect(await applyJob()).toMatchObject({ status: "DONE", attempts: 3, lastError: null });
    expect(await statementsOn(h, roleArn)).toEqual([deny("alice@example.com", revocation!.cutoff.toISOString().replace(".000Z", "Z"))]);
    expect((await h.db.revocation.findUniqueOrThrow({ where: { id: revocation!.id } })).status).toBe("APPLIED");
  });

  it("a revocation racing a mint: the session is either recorded before the revocation or never handed out", async () => {
    const outcomes = { minted: 0, refused: 0 };
    for (let round = 0; round < 8; round++) {
      const id = await activeGrant(kit, alice, "race");
      const [mint, revoke] = await Promise.allSettled([
        issueCredentials(h, { actor: alice, requestId: id }),
        // Staggered so that some revocations land before the mint records and some after.
        pause(round * 15).then(() => revokeRequest(h, { actor: bob, requestId: id, reason: "Race" })),
      ]);
      expect(revoke.status).toBe("fulfilled");
      const issuances = await h.db.issuance.findMany({ where: { requestId: id } });
      const audit = await h.db.auditEvent.findMany({ where: { requestId: id }, orderBy: { seq: "asc" } });
      const revokedAt = audit.findIndex((e) => e.action === "request.revoked");
      if (mint.status === "fulfilled") {
        outcomes.minted++;
        expect(issuances).toHaveLength(1);
        expect(audit.findIndex((e) => e.action === "access.credentials-issued")).toBeLessThan(revokedAt);
        const revocation = await h.db.revocation.findUniqueOrThrow({ where: { requestId: id } });
        expect(issuances[0]!.createdAt.getTime()).toBeLessThanOrEqual(revocation.cutoff.getTime());
      } else {
        outcomes.refused++;
        expect((mint.reason as AppError).code).toBe("WINDOW_CLOSED");
        expect(issuances).toHaveLength(0);
      }
      expect(audit.filter((e) => e.action === "request.revoked")).toHaveLength(1);
      expect(await h.db.revocation.count({ where: { requestId: id } })).toBe(1);
      expect((await h.db.accessRequest.findUniqueOrThrow({ where: { id } })).status).toBe("REVOKED");
    }
    expect(outcomes.minted + outcomes.refused).toBe(8);
  });
});

describe("ending early", () => {
  it("'I'm done' ends the requester's own grant and denies its sessions at AWS", async () => {
    const id = await activeGrant(kit, dave, "dev");
    await issueCredentials(h, { actor: dave, requestId: id });
    const result = await endRequest(h, { actor: dave, requestId: id });
    expect(result).toMatchObject({ changed: true, status: "ENDED", revocation: { sourceIdentity: "dave@example.com", status: "PENDING" } });
    expect(await h.db.accessRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "ENDED", closedById: dave.id, closeReason: null });
    expect((await auditOf(h, id)).slice(-2)).toEqual(["request.ended", "revocation.requested"]);
    await runJobs(h);
    expect(await policyOn(h, ARN("FrontdeskDeveloper"))).toContain('"aws:SourceIdentity":"dave@example.com"');
    expect((await h.db.revocation.findUniqueOrThrow({ where: { requestId: id } })).status).toBe("APPLIED");
  });

  it("on a role Frontdesk does not manage, ends the grant and touches nothing at AWS", async () => {
    const id = await activeGrant(kit, alice, "legacy");
    const credentials = await issueCredentials(h, { actor: alice, requestId: id });
    const result = await revokeRequest(h, { actor: bob, requestId: id, reason: "Not needed" });
    expect(result).toMatchObject({ changed: true, status: "REVOKED", revocation: null });
    expect(await h.db.job.count({ where: { payload: { path: ["roleArn"], equals: ARN("FrontdeskLegacy") } } })).toBe(0);
    const view = await getRequestForViewer(h, alice, id);
    expect(view?.closing).toMatchObject({ managed: false, revocation: null, lastSessionExpiresAt: credentials.expiration });
    expect(await policyOn(h, ARN("FrontdeskLegacy"))).toBeNull();
  });
});
