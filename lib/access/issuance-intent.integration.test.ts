// A minted session always has its record: the database refuses the transaction after STS answered
// (a trigger, a real failure inside PostgreSQL), yet the person gets their credentials, the intent
// and its audit event are on record from before the STS call, and the result is written once the
// database accepts it again. An intent nobody settled is marked unconfirmed by its settle job.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/policy/access";
import { createRequest } from "@/lib/requests/create-request";
import { decideRequest } from "@/lib/requests/decide-request";
import { runDueJobs } from "@/lib/jobs/run-due-jobs";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { issueConsoleLink, issueCredentials } from "./issue-access";
import { issuanceJobHandlers, SETTLE_AFTER_MS, settledResultWrites } from "./issuance-intent";

let h: Harness;
let alice: Actor;
let bob: Actor;

beforeAll(async () => {
  h = await createHarness({ withFederation: true });
  alice = await h.person("alice", ["engineering"]);
  bob = await h.person("bob", ["security"]);
  await h.db.$executeRawUnsafe(`CREATE FUNCTION frontdesk_test_refuse() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'injected: the database failed after STS answered'; END $$ LANGUAGE plpgsql`);
});
afterAll(() => h?.close());

const breakIssuanceWrites = () =>
  h.db.$executeRawUnsafe(`CREATE TRIGGER refuse_issuance BEFORE INSERT ON "Issuance" FOR EACH ROW EXECUTE FUNCTION frontdesk_test_refuse()`);
const repairIssuanceWrites = () => h.db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS refuse_issuance ON "Issuance"`);

async function approvedRequest() {
  await h.retire(alice);
  const request = await createRequest(h, { actor: alice, input: { roleId: "dev", justification: "Rotate keys", durationMinutes: 120 } });
  await decideRequest(h, { actor: bob, requestId: request.id, decision: "APPROVE" });
  return request;
}

async function recordOf(requestId: string) {
  const intents = await h.db.issuanceIntent.findMany({ where: { requestId } });
  const issuances = await h.db.issuance.findMany({ where: { requestId } });
  const audit = await h.db.auditEvent.findMany({ where: { requestId }, orderBy: { seq: "asc" }, select: { action: true, result: true, data: true } });
  return { intents, issuances, audit };
}

describe("no session without its record", { timeout: 60_000 }, () => {
  it("the transaction after STS fails: the person still gets the session, intent and audit are there, the result follows", async () => {
    const request = await approvedRequest();
    const calls = h.assumeRoleCalls.length;
    await breakIssuanceWrites();
    try {
      const credentials = await issueCredentials(h, { actor: alice, requestId: request.id });
      expect(credentials.accessKeyId).toMatch(/^ASIA/);
      expect(h.assumeRoleCalls.length).toBe(calls + 1);
      const sessionName = h.assumeRoleCalls.at(-1)!.sessionName;

      const during = await recordOf(request.id);
      expect(during.intents).toMatchObject([{ status: "PENDING", sessionName, kind: "CREDENTIALS", issuanceId: null }]);
      expect(during.issuances).toHaveLength(0);
      expect(during.audit.filter((e) => e.action === "access.issue-started")).toMatchObject([{ result: "ok", data: { sessionName } }]);
      // Not a failure as far as the person or the record is concerned.
      expect(during.audit.some((e) => e.result === "failed")).toBe(false);
    } finally {
      await repairIssuanceWrites();
    }
    await settledResultWrites();
    const after = await recordOf(request.id);
    expect(after.issuances).toHaveLength(1);
    expect(after.intents).toMatchObject([{ status: "ISSUED", issuanceId: after.issuances[0]!.id }]);
    expect(after.audit.map((e) => e.action).filter((a) => a.startsWith("access."))).toEqual(["access.issue-started", "access.credentials-issued"]);
  });

  it("an intent nobody settled (the process died after STS) is marked unconfirmed, with the session name for CloudTrail", async () => {
    const request = await approvedRequest();
    await breakIssuanceWrites();
    try {
      expect(String(await issueConsoleLink(h, { actor: alice, requestId: request.id }))).toMatch(/Action=login/);
      const sessionName = h.assumeRoleCalls.at(-1)!.sessionName;
      // The settle job queued with the intent, once due.
      h.clock.now = new Date(h.clock.now.getTime() + SETTLE_AFTER_MS);
      expect((await runDueJobs(h, issuanceJobHandlers(h))).done).toBeGreaterThanOrEqual(1);
      const { intents, audit } = await recordOf(request.id);
      expect(intents).toMatchObject([{ status: "UNCONFIRMED", kind: "CONSOLE" }]);
      expect(audit.filter((e) => e.action === "access.issue-unconfirmed")).toMatchObject([{ data: { sessionName } }]);
    } finally {
      await repairIssuanceWrites();
    }
    // This process was alive after all: its result still lands.
    await settledResultWrites();
    expect((await recordOf(request.id)).intents).toMatchObject([{ status: "ISSUED" }]);
  });
});
