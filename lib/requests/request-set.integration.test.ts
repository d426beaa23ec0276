// Several roles in one request, against PostgreSQL and moto: one justification, one decision for
// every role, a grant and credentials per role, and one revocation, end or cancel for them all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueCredentials } from "@/lib/access/issue-access";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import { NOTIFY_EVENT } from "@/lib/notify/request-events";
import type { Actor } from "@/lib/policy/access";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { refusal } from "@/lib/testing/refusal";
import { cancelRequest } from "./cancel-request";
import { createRequestSet } from "./create-request-set";
import { decideRequest } from "./decide-request";
import { endRequest } from "./end-request";
import { revokeRequest } from "./revoke-request";

const CATALOG = `
admins: [admins]
accounts: [{ id: "111111111111", name: Tooling }, { id: "222222222222", name: Payments }]
roles:
  - { id: dev, name: Developer, account: "111111111111", arn: "arn:aws:iam::111111111111:role/Dev", maxDuration: 4h }
  - { id: logs, name: Logs, account: "222222222222", arn: "arn:aws:iam::222222222222:role/Logs", maxDuration: 4h }
  - { id: prod, name: Production, account: "222222222222", arn: "arn:aws:iam::222222222222:role/Prod", maxDuration: 4h }
  - { id: vault, name: Vault, account: "222222222222", arn: "arn:aws:iam::222222222222:role/Vault", maxDuration: 4h }
rules:
  - { id: dev-rule, roles: [dev], requesters: [engineering], approvers: [security, leads] }
  - { id: logs-rule, roles: [logs], requesters: [engineering], approvers: [security] }
  - { id: prod-rule, roles: [prod], requesters: [engineering], approvers: [security, leads], approvals: 2 }
  - { id: vault-rule, roles: [vault], requesters: [vault-users], approvers: [security] }
`;

let h: Harness;
let eve: Actor, sec: Actor, sec2: Actor, lead: Actor, eng: Actor, selfApprover: Actor, root: Actor;

beforeAll(async () => {
  h = await createHarness();
  h.catalog = parseCatalog(CATALOG, "set-catalog.yaml");
  eve = await h.person("eve", ["engineering"]);
  sec = await h.person("sec", ["security"]);
  sec2 = await h.person("sec2", ["security"]);
  lead = await h.person("lead", ["leads"]);
  eng = await h.person("eng", ["engineering"]);
  selfApprover = await h.person("self", ["engineering", "security"]);
  root = await h.person("root", ["admins"]);
});
afterAll(() => h.close());

const ask = (roleIds: string[], extra: Record<string, unknown> = {}) => ({
  roleIds,
  justification: "Trace the failed payment batch",
  durationMinutes: 60,
  ...extra,
});
const statuses = async (setId: string | null) =>
  (await h.db.accessRequest.findMany({ where: { setId }, orderBy: { setIndex: "asc" } })).map((r) => [r.roleId, r.status]);
const notifications = async (ids: string[]) => {
  const jobs = await h.db.job.findMany({ where: { kind: NOTIFY_EVENT } });
  return jobs.filter((job) => ids.includes((job.payload as { requestId: string }).requestId));
};

describe("a request for several roles", () => {
  it("is approved once: every role gets its own active grant and credentials, and notifications speak once", async () => {
    const members = await createRequestSet(h, { actor: eve, input: ask(["dev", "logs"]) });
    expect(members.map((m) => [m.roleId, m.accountId, m.status, m.setIndex])).toEqual([
      ["dev", "111111111111", "PENDING", 0],
      ["logs", "222222222222", "PENDING", 1],
    ]);
    const set = await h.db.requestSet.findUniqueOrThrow({ where: { id: members[0]!.setId! } });
    expect(set.justification).toBe("Trace the failed payment batch");

    // Deciding through any member decides the set.
    const result = await decideRequest(h, { actor: sec, requestId: members[1]!.id, decision: "APPROVE" });
    expect(result.approvals).toMatchObject({ count: 1, required: 1, met: true });
    expect(await statuses(set.id)).toEqual([
      ["dev", "ACTIVE"],
      ["logs", "ACTIVE"],
    ]);

    for (const member of members) await issueCredentials(h, { actor: eve, requestId: member.id });
    const issuances = await h.db.issuance.findMany({ where: { requestId: { in: members.map((m) => m.id) } } });
    expect(issuances.map((i) => i.requestId).sort()).toEqual(members.map((m) => m.id).sort());
    expect(h.assumeRoleCalls.slice(-2).map((c) => c.roleArn)).toEqual(["arn:aws:iam::111111111111:role/Dev", "arn:aws:iam::222222222222:role/Logs"]);

    // Every step is audited on every member; the notifications name the set once (its first member).
    const audit = await h.db.auditEvent.findMany({ where: { requestId: members[1]!.id }, orderBy: { seq: "asc" } });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(["request.created", "request.approved", "request.activated"]));
    const sent = await notifications(members.map((m) => m.id));
    expect(sent.every((job) => (job.payload as { requestId: string }).requestId === members[0]!.id)).toBe(true);
    expect(sent.map((job) => (job.payload as { event: string }).event).sort()).toEqual(["activated", "approved", "created"]);

    // Revoking the request (through any member) revokes every grant.
    const revoked = await revokeRequest(h, { actor: sec, requestId: members[0]!.id, reason: "Batch fixed" });
    expect(revoked).toMatchObject({ changed: true, status: "REVOKED" });
    expect(await statuses(set.id)).toEqual([
      ["dev", "REVOKED"],
      ["logs", "REVOKED"],
    ]);
  });

  it("refuses a role the person may not request, by name, and creates nothing", async () => {
    const before = await h.db.accessRequest.count();
    const error = await refusal(createRequestSet(h, { actor: eng, input: ask(["dev", "vault"]) }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.userMessage).toBe("You may not request Vault (Payments 222222222222).");
    expect(error.fieldErrors.roleIds).toBe(error.userMessage);
    expect(await h.db.accessRequest.count()).toBe(before);
  });

  it("needs the most approvals any role needs, each approval counting for every role", async () => {
    const members = await createRequestSet(h, { actor: eng, input: ask(["dev", "prod"]) });
    expect(members.map((m) => m.requiredApprovals)).toEqual([2, 2]);
    const first = await decideRequest(h, { actor: sec, requestId: members[0]!.id, decision: "APPROVE" });
    expect(first.approvals).toMatchObject({ count: 1, required: 2, met: false });
    expect(await statuses(members[0]!.setId)).toEqual([
      ["dev", "PENDING"],
      ["prod", "PENDING"],
    ]);
    // Repeating the same approval changes nothing.
    expect((await decideRequest(h, { actor: sec, requestId: members[1]!.id, decision: "APPROVE" })).changed).toBe(false);
    await decideRequest(h, { actor: lead, requestId: members[1]!.id, decision: "APPROVE" });
    expect(await statuses(members[0]!.setId)).toEqual([
      ["dev", "ACTIVE"],
      ["prod", "ACTIVE"],
    ]);
    // "I'm done" ends every grant of the set.
    await endRequest(h, { actor: eng, requestId: members[0]!.id });
    expect(await statuses(members[0]!.setId)).toEqual([
      ["dev", "ENDED"],
      ["prod", "ENDED"],
    ]);
  });

  it("cannot be decided by someone who approves none of its roles, nor only some of them", async () => {
    const members = await createRequestSet(h, { actor: eve, input: ask(["dev", "logs"], { clientKey: "set-decide-1" }) });
    const outsider = await refusal(decideRequest(h, { actor: root, requestId: members[0]!.id, decision: "APPROVE" }));
    expect(outsider.code).toBe("NOT_FOUND");
    // Leads approve Developer but not Logs: told which role is not theirs, and nothing is recorded.
    const partial = await refusal(decideRequest(h, { actor: lead, requestId: members[0]!.id, decision: "APPROVE" }));
    expect(partial.code).toBe("FORBIDDEN");
    expect(partial.userMessage).toContain("Logs (Payments 222222222222)");
    expect(await h.db.review.count({ where: { requestId: { in: members.map((m) => m.id) } } })).toBe(0);
    // A repeated submission finds the same set.
    const again = await createRequestSet(h, { actor: eve, input: ask(["dev", "logs"], { clientKey: "set-decide-1" }) });
    expect(again.map((m) => m.id)).toEqual(members.map((m) => m.id));
    // One deny denies every role.
    await decideRequest(h, { actor: sec2, requestId: members[1]!.id, decision: "DENY", comment: "Use the read-only role" });
    expect(await statuses(members[0]!.setId)).toEqual([
      ["dev", "DENIED"],
      ["logs", "DENIED"],
    ]);
  });

  it("cannot be approved by the person who asked, even when they approve every role", async () => {
    const members = await createRequestSet(h, { actor: selfApprover, input: ask(["dev", "logs"]) });
    const error = await refusal(decideRequest(h, { actor: selfApprover, requestId: members[0]!.id, decision: "APPROVE" }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.userMessage).toMatch(/your own request/);
    // Cancelling withdraws every role.
    await cancelRequest(h, { actor: selfApprover, requestId: members[1]!.id });
    expect(await statuses(members[0]!.setId)).toEqual([
      ["dev", "CANCELLED"],
      ["logs", "CANCELLED"],
    ]);
  });

  it("refuses a role already pending, naming it, with a link to that request", async () => {
    const [single] = await createRequestSet(h, { actor: selfApprover, input: ask(["logs"]) });
    const error = await refusal(createRequestSet(h, { actor: selfApprover, input: ask(["dev", "logs"]) }));
    expect(error.code).toBe("CONFLICT");
    expect(error.userMessage).toMatch(/^Logs \(Payments 222222222222\): You already have a pending request/);
    expect(error.link?.href).toBe(`/requests/${single!.id}`);
  });

  it("two approvers racing on a two-approval set open each role's window exactly once", async () => {
    const racer = await h.person("racer", ["engineering"]);
    const members = await createRequestSet(h, { actor: racer, input: ask(["prod", "dev"]) });
    const results = await Promise.allSettled([
      decideRequest(h, { actor: sec, requestId: members[0]!.id, decision: "APPROVE" }),
      decideRequest(h, { actor: lead, requestId: members[1]!.id, decision: "APPROVE" }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    expect(await statuses(members[0]!.setId)).toEqual([
      ["prod", "ACTIVE"],
      ["dev", "ACTIVE"],
    ]);
    for (const member of members) {
      expect(await h.db.auditEvent.count({ where: { requestId: member.id, action: "request.activated" } })).toBe(1);
      expect(await h.db.review.count({ where: { requestId: member.id } })).toBe(2);
    }
  });
});
