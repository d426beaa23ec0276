// Access rules end to end against PostgreSQL: N-of-M approvals, tickets, auto-approval, break
// glass with its review, scheduled starts, extensions, overlap refusal, repeated submissions and
// decisions, and the negative paths (self-approval, strangers, terminal requests, mass assignment).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { issueCredentials } from "@/lib/access/issue-access";
import { runJobsOnce } from "@/lib/jobs/start-job-loop";
import type { Actor } from "@/lib/policy/access";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { refusal } from "@/lib/testing/refusal";
import { cancelRequest } from "./cancel-request";
import { completeReview } from "./complete-review";
import { createRequest } from "./create-request";
import { decideRequest } from "./decide-request";
import { endRequest } from "./end-request";
import { getRequestForViewer, listPendingApprovals, listReviewTasks } from "./queries";
import type { NewRequestInput } from "./request-input";
import { revokeRequest } from "./revoke-request";

let h: Harness;
let eve: Actor; // engineering: requests prod (2 approvals, ticket)
let sam: Actor; // sre: auto-approved on prod up to 1 h
let olga: Actor; // oncall: breaks glass on prod
let lee: Actor; // leads
let sec: Actor; // security
let both: Actor; // leads and security: one person, two approver groups
let cto: Actor; // named approver by email
let admin: Actor; // admin, also a prod requester
let stranger: Actor;

beforeAll(async () => {
  h = await createHarness();
  eve = await h.person("eve", ["engineering"]);
  sam = await h.person("sam", ["sre"]);
  olga = await h.person("olga", ["oncall"]);
  lee = await h.person("lee", ["leads"]);
  sec = await h.person("sec", ["security"]);
  both = await h.person("both", ["leads", "security"]);
  cto = await h.person("cto", []);
  await h.db.user.update({ where: { id: cto.id }, data: { email: "cto@example.com" } });
  cto.email = "cto@example.com";
  admin = await h.person("root", ["admins", "engineering", "leads"]);
  stranger = await h.person("stranger", ["marketing"]);
});
afterAll(() => h.close());
beforeEach(async () => {
  for (const person of [eve, sam, olga, admin]) await h.retire(person);
});

const later = (minutes: number) => {
  h.clock.now = new Date(h.clock.now.getTime() + minutes * 60_000);
};
const prod = (actor: Actor, input: Partial<NewRequestInput> = {}) =>
  createRequest(h, { actor, input: { roleId: "prod", justification: "Migrate the orders table", ticket: "OPS-77", durationMinutes: 120, ...input } });
const approve = (actor: Actor, requestId: string, comment?: string) => decideRequest(h, { actor, requestId, decision: "APPROVE", comment });
const statusOf = async (id: string) => (await h.db.accessRequest.findUniqueOrThrow({ where: { id } })).status;
const actions = async (requestId: string) =>
  (await h.db.auditEvent.findMany({ where: { requestId }, orderBy: { seq: "asc" } })).map((e) => `${e.action}:${e.result}`);

describe("N-of-M approvals", () => {
  it("needs two distinct approvers; the first approval leaves it pending", async () => {
    const request = await prod(eve);
    expect(request).toMatchObject({ status: "PENDING", ruleId: "prod-two-person", requiredApprovals: 2, ticket: "OPS-77" });
    const first = await approve(lee, request.id, "looks fine");
    expect(first).toMatchObject({ changed: true, approvals: { count: 1, required: 2 }, request: { status: "PENDING" } });
    expect((await listPendingApprovals(h, lee)).find((r) => r.id === request.id)?.approvedByMe).toBe(true);
    expect((await getRequestForViewer(h, lee, request.id))?.permissions).toMatchObject({ canDecide: false, approvedByMe: true });

    const second = await approve(cto, request.id);
    expect(second).toMatchObject({ changed: true, approvals: { count: 2, required: 2 }, request: { status: "ACTIVE" } });
    expect(await actions(request.id)).toEqual(["request.created:ok", "request.approval-recorded:ok", "request.approved:ok", "request.activated:ok"]);
  });

  it("a person in two approver groups counts once, and clicking again changes nothing", async () => {
    const request = await prod(eve);
    await approve(both, request.id);
    const again = await approve(both, request.id);
    expect(again).toMatchObject({ changed: false, approvals: { count: 1, required: 2 }, request: { status: "PENDING" } });
    expect(await h.db.review.count({ where: { requestId: request.id } })).toBe(1);
    // Changing one's mind is not a second decision.
    const flip = await refusal(decideRequest(h, { actor: both, requestId: request.id, decision: "DENY", comment: "changed my mind" }));
    expect([flip.code, flip.userMessage]).toEqual(["CONFLICT", "You already approved this request; a decision cannot be changed."]);
    expect(await statusOf(request.id)).toBe("PENDING");
  });

  it("one deny ends it, and needs a comment the requester can read", async () => {
    const request = await prod(eve);
    await approve(lee, request.id);
    const silent = await refusal(decideRequest(h, { actor: sec, requestId: request.id, decision: "DENY" }));
    expect([silent.code, silent.fieldErrors.comment]).toEqual(["INVALID_INPUT", "Say why you deny it."]);
    const blank = await refusal(decideRequest(h, { actor: sec, requestId: request.id, decision: "DENY", comment: "   " }));
    expect(blank.code).toBe("INVALID_INPUT");
    const denied = await decideRequest(h, { actor: sec, requestId: request.id, decision: "DENY", comment: "Use the read-only role" });
    expect(denied.request.status).toBe("DENIED");
    const terminal = await refusal(approve(cto, request.id));
    expect([terminal.code, terminal.status]).toEqual(["CONFLICT", 409]);
  });

  it("an approver cannot change what was asked: decisions carry no request fields", async () => {
    const request = await prod(eve, { durationMinutes: 60 });
    const tampered = { actor: lee, requestId: request.id, decision: "APPROVE" as const, durationMinutes: 480, roleId: "admin", status: "ACTIVE" };
    await decideRequest(h, tampered);
    expect(await h.db.accessRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({
      roleId: "prod",
      durationSeconds: 3600,
      status: "PENDING",
    });
  });
});

describe("re-checked at decision time", () => {
  it("an approval from someone who has since left the approver groups no longer counts", async () => {
    const leaving = await h.person("leaving", ["leads"]);
    const request = await prod(eve);
    await approve(leaving, request.id);
    await h.db.user.update({ where: { id: leaving.id }, data: { groups: [] } });
    // Without that approval, one more is not enough: it still waits for a second current approver.
    expect(await approve(sec, request.id)).toMatchObject({ approvals: { count: 1, required: 2 }, request: { status: "PENDING" } });
    expect((await approve(cto, request.id)).request.status).toBe("ACTIVE");
  });

  it("an approver who left the approver groups can no longer decide", async () => {
    const leaver = await h.person("leaver", ["leads"]);
    const request = await prod(eve);
    await h.db.user.update({ where: { id: leaver.id }, data: { groups: [] } });
    const error = await refusal(approve({ ...leaver, groups: [] }, request.id));
    expect(error.code).toBe("NOT_FOUND");
  });

  it("a requester who left the requester groups cannot be approved, but can be denied", async () => {
    const mover = await h.person("mover", ["engineering"]);
    const request = await prod(mover);
    await h.db.user.update({ where: { id: mover.id }, data: { groups: ["marketing"] } });
    await approve(lee, request.id).catch(() => undefined);
    const error = await refusal(approve(cto, request.id));
    expect(error.code).toBe("CONFLICT");
    expect(error.userMessage).toMatch(/may no longer request Production/);
    expect(await statusOf(request.id)).toBe("PENDING");
    expect((await decideRequest(h, { actor: sec, requestId: request.id, decision: "DENY", comment: "Left the team" })).request.status).toBe("DENIED");
  });
});

describe("tickets", () => {
  it("are required and must match the rule's pattern; nothing is recorded otherwise", async () => {
    const before = await h.db.accessRequest.count();
    expect((await refusal(prod(eve, { ticket: "" }))).fieldErrors.ticket).toBe("Production needs a ticket reference such as OPS-1234.");
    expect((await refusal(prod(eve, { ticket: "JIRA-9" }))).fieldErrors.ticket).toMatch(/write it like OPS-1234/);
    expect((await refusal(prod(eve, { ticket: "OPS 1" }))).fieldErrors.ticket).toMatch(/one word/);
    expect(await h.db.accessRequest.count()).toBe(before);
  });
});

describe("auto-approval", () => {
  it("approves sre requests of at most an hour at once, and sends longer ones to approvers", async () => {
    const quick = await prod(sam, { durationMinutes: 60 });
    expect(quick).toMatchObject({ status: "ACTIVE", requiredApprovals: 0 });
    expect(await actions(quick.id)).toEqual(["request.created:ok", "request.auto-approved:ok", "request.activated:ok"]);
    await h.retire(sam);
    const long = await prod(sam, { durationMinutes: 61 });
    expect(long).toMatchObject({ status: "PENDING", requiredApprovals: 2 });
  });
});

describe("break glass", () => {
  it("activates at once for an on-call engineer, capped, with a review task approvers complete", async () => {
    const tooLong = await refusal(prod(olga, { breakGlass: true, durationMinutes: 61 }));
    expect(tooLong.fieldErrors.durationMinutes).toBe("Break glass on Production lasts at most 1 h.");
    const request = await prod(olga, { breakGlass: true, ticket: "", durationMinutes: 30, justification: "INC-9: orders down, need to restart the writer" });
    expect(request).toMatchObject({ status: "ACTIVE", kind: "BREAK_GLASS" });
    expect(await actions(request.id)).toEqual(["request.created:ok", "request.break-glass:ok", "request.activated:ok"]);
    const credentials = await issueCredentials(h, { actor: olga, requestId: request.id });
    expect(credentials.accessKeyId).toBeTruthy();

    const tasks = await listReviewTasks(h, lee);
    expect(tasks.find((t) => t.request.id === request.id)).toMatchObject({ status: "OPEN" });
    expect(await listReviewTasks(h, stranger)).toEqual([]);
    expect((await refusal(completeReview(h, { actor: olga, requestId: request.id, notes: "I reviewed myself" }))).code).toBe("NOT_FOUND");
    expect((await refusal(completeReview(h, { actor: stranger, requestId: request.id, notes: "Looks fine to me" }))).code).toBe("NOT_FOUND");
    expect((await refusal(completeReview(h, { actor: lee, requestId: request.id, notes: "ok" }))).fieldErrors.notes).toMatch(/at least 10/);
    await completeReview(h, { actor: lee, requestId: request.id, notes: "Restart was needed; CloudTrail shows only ecs:UpdateService." });
    expect((await refusal(completeReview(h, { actor: sec, requestId: request.id, notes: "Second look at it" }))).code).toBe("CONFLICT");
    expect((await getRequestForViewer(h, sec, request.id))?.related.reviewTask).toMatchObject({ status: "DONE", completedBy: { id: lee.id } });
  });

  it("is refused to anyone outside the break-glass groups, and replaces their own pending request", async () => {
    expect((await refusal(prod(eve, { breakGlass: true, durationMinutes: 30 }))).code).toBe("FORBIDDEN");
    const oncallEngineer = await h.person("oe", ["engineering", "oncall"]);
    const pending = await prod(oncallEngineer);
    const glass = await prod(oncallEngineer, { breakGlass: true, durationMinutes: 30 });
    expect(glass.status).toBe("ACTIVE");
    expect(await statusOf(pending.id)).toBe("CANCELLED");
  });
});

describe("scheduled start", () => {
  it("is approved now and opens at its start, for its full duration", async () => {
    const startAt = new Date(h.clock.now.getTime() + 3 * 3600_000);
    const request = await prod(eve, { startAt: startAt.toISOString(), durationMinutes: 60 });
    expect(request.requestedStartAt).toEqual(startAt);
    await approve(lee, request.id);
    const { request: approved } = await approve(sec, request.id);
    expect(approved).toMatchObject({ status: "APPROVED", startsAt: startAt, endsAt: new Date(startAt.getTime() + 3600_000) });
    expect((await refusal(issueCredentials(h, { actor: eve, requestId: request.id }))).code).toBe("WINDOW_CLOSED");

    later(179);
    await runJobsOnce(h);
    expect(await statusOf(request.id)).toBe("APPROVED");
    later(1);
    await runJobsOnce(h);
    expect(await statusOf(request.id)).toBe("ACTIVE");
    expect((await issueCredentials(h, { actor: eve, requestId: request.id })).accessKeyId).toBeTruthy();
    later(60);
    await runJobsOnce(h);
    expect(await statusOf(request.id)).toBe("ENDED");
    expect((await actions(request.id)).filter((a) => a.endsWith(":ok"))).toEqual([
      "request.created:ok",
      "request.approval-recorded:ok",
      "request.approved:ok",
      "request.scheduled:ok",
      "request.activated:ok",
      "access.issue-started:ok",
      "access.credentials-issued:ok",
      "request.ended:ok",
    ]);
  });

  it("refuses a start in the past", async () => {
    const error = await refusal(prod(eve, { startAt: new Date(h.clock.now.getTime() - 3600_000).toISOString() }));
    expect(error.fieldErrors.startAt).toMatch(/has passed/);
  });
});

describe("overlaps and extensions", () => {
  it("refuses a second request for a role held or pending, linking to the first", async () => {
    const first = await prod(eve);
    const pending = await refusal(prod(eve));
    expect([pending.code, pending.link]).toEqual(["CONFLICT", { href: `/requests/${first.id}`, label: "Open your request" }]);
    await approve(lee, first.id);
    await approve(sec, first.id);
    const active = await refusal(prod(eve, { durationMinutes: 30 }));
    expect(active.userMessage).toMatch(/already have access.*more time/);
    expect(active.link?.href).toBe(`/requests/${first.id}`);
  });

  it("an approved extension lengthens the same grant; its end job moves too", async () => {
    const grant = await prod(eve, { durationMinutes: 60 });
    await approve(lee, grant.id);
    const { request: active } = await approve(sec, grant.id);
    const firstEnd = active.endsAt!;
    expect((await getRequestForViewer(h, eve, grant.id))?.permissions.canExtend).toBe(true);

    const extension = await prod(eve, { extendsId: grant.id, durationMinutes: 30, justification: "Migration is slower than planned" });
    expect(extension).toMatchObject({ kind: "EXTENSION", extendsId: grant.id, status: "PENDING", requiredApprovals: 2 });
    expect((await refusal(prod(eve, { extendsId: grant.id, durationMinutes: 30 }))).link?.href).toBe(`/requests/${extension.id}`);
    expect((await getRequestForViewer(h, eve, grant.id))?.permissions.canExtend).toBe(false);
    await approve(lee, extension.id);
    await approve(cto, extension.id);

    const lengthened = await h.db.accessRequest.findUniqueOrThrow({ where: { id: grant.id } });
    expect(lengthened).toMatchObject({ status: "ACTIVE", endsAt: new Date(firstEnd.getTime() + 30 * 60_000) });
    expect(await statusOf(extension.id)).toBe("APPROVED");
    later(60);
    await runJobsOnce(h); // the original end: nothing happens
    expect(await statusOf(grant.id)).toBe("ACTIVE");
    expect((await issueCredentials(h, { actor: eve, requestId: grant.id })).accessKeyId).toBeTruthy();
    later(30);
    await runJobsOnce(h);
    expect([await statusOf(grant.id), await statusOf(extension.id)]).toEqual(["ENDED", "ENDED"]);
  });

  it("someone else's grant cannot be extended, and revoking the grant closes its extensions", async () => {
    const grant = await prod(eve, { durationMinutes: 60 });
    await approve(lee, grant.id);
    await approve(sec, grant.id);
    expect((await refusal(prod(admin, { extendsId: grant.id, durationMinutes: 30 }))).code).toBe("NOT_FOUND");
    const extension = await prod(eve, { extendsId: grant.id, durationMinutes: 30 });
    await revokeRequest(h, { actor: lee, requestId: grant.id, reason: "Migration cancelled" });
    expect([await statusOf(grant.id), await statusOf(extension.id)]).toEqual(["REVOKED", "CANCELLED"]);
  });

  it("'I'm done' on an extension ends the grant it lengthened", async () => {
    const grant = await prod(sam, { durationMinutes: 30 });
    const extension = await prod(sam, { extendsId: grant.id, durationMinutes: 30 });
    expect(extension.status).toBe("APPROVED"); // auto-approved: sre, still within an hour
    await endRequest(h, { actor: sam, requestId: extension.id });
    expect([await statusOf(grant.id), await statusOf(extension.id)]).toEqual(["ENDED", "ENDED"]);
  });
});

describe("repeated submissions", () => {
  it("the same form key returns the same request, however often it is sent", async () => {
    const clientKey = "form-7f3a9c1e2b";
    const first = await prod(eve, { clientKey });
    const again = await prod(eve, { clientKey });
    const together = await Promise.all([prod(eve, { clientKey }), prod(eve, { clientKey })]);
    expect([again.id, ...together.map((r) => r.id)]).toEqual([first.id, first.id, first.id]);
    expect(await h.db.accessRequest.count({ where: { requesterId: eve.id, clientKey } })).toBe(1);
  });
});

describe("negative paths", () => {
  it("nobody approves their own request, not even an admin who approves the role", async () => {
    const own = await prod(admin);
    const error = await refusal(approve(admin, own.id));
    expect([error.code, error.userMessage]).toEqual(["FORBIDDEN", "You cannot approve or deny your own request. Another approver must decide."]);
    expect((await listPendingApprovals(h, admin)).map((r) => r.id)).not.toContain(own.id);
  });

  it("someone who does not approve the rule is told the request does not exist", async () => {
    const request = await prod(eve);
    for (const actor of [stranger, sam, olga]) expect((await refusal(approve(actor, request.id))).code).toBe("NOT_FOUND");
    expect(await h.db.review.count({ where: { requestId: request.id } })).toBe(0);
  });

  it("mass assignment: status, requester, approvals and window fields in the body are ignored", async () => {
    const input = {
      roleId: "prod",
      justification: "Rotate credentials",
      ticket: "OPS-5",
      durationMinutes: 60,
      status: "ACTIVE",
      requesterId: stranger.id,
      requiredApprovals: 0,
      endsAt: "2099-01-01T00:00:00Z",
      expiresAt: "2099-01-01T00:00:00Z",
      startsAt: "2020-01-01T00:00:00Z",
      ruleId: "dev",
      kind: "BREAK_GLASS",
      id: "chosen-id",
    } as NewRequestInput;
    const request = await createRequest(h, { actor: eve, input });
    expect(request).toMatchObject({
      status: "PENDING",
      requesterId: eve.id,
      requiredApprovals: 2,
      endsAt: null,
      startsAt: null,
      ruleId: "prod-two-person",
      kind: "STANDARD",
    });
    expect(request.id).not.toBe("chosen-id");
  });

  it("someone else's request cannot be read or cancelled by id", async () => {
    const request = await prod(eve);
    expect(await getRequestForViewer(h, stranger, request.id)).toBeNull();
    expect(await getRequestForViewer(h, sam, request.id)).toBeNull();
    expect((await refusal(cancelRequest(h, { actor: sam, requestId: request.id }))).code).toBe("NOT_FOUND");
    expect((await refusal(endRequest(h, { actor: sam, requestId: request.id }))).code).toBe("NOT_FOUND");
    expect(await statusOf(request.id)).toBe("PENDING");
  });
});

describe("sign-in strength at decision time", () => {
  it("approve, deny and revoke need a sign-in from the last hour; a fresh one works", async () => {
    const request = await prod(eve);
    const stale = { ...lee, authTime: new Date(h.clock.now.getTime() - 3601_000) };
    // One call at a time: a second promise made up front would reject before anyone awaits it.
    expect((await refusal(approve(stale, request.id))).code).toBe("REAUTH_REQUIRED");
    expect((await refusal(decideRequest(h, { actor: stale, requestId: request.id, decision: "DENY", comment: "No ticket" }))).code).toBe("REAUTH_REQUIRED");
    const unknown = { ...lee, authTime: null };
    expect((await refusal(approve(unknown, request.id))).code).toBe("REAUTH_REQUIRED");
    expect(await h.db.review.count({ where: { requestId: request.id } })).toBe(0);
    await approve({ ...lee, authTime: new Date(h.clock.now.getTime() - 3599_000) }, request.id);
    await approve(sec, request.id);
    const revoke = await refusal(revokeRequest(h, { actor: stale, requestId: request.id, reason: "Done here" }));
    expect(revoke.code).toBe("REAUTH_REQUIRED");
    expect(await statusOf(request.id)).toBe("ACTIVE");
  });

  it("a Slack button stands in for a recent sign-in only where the rule turns interactive buttons on", async () => {
    const request = await prod(eve);
    const stale = { ...lee, authTime: null };
    const error = await refusal(decideRequest(h, { actor: stale, requestId: request.id, decision: "APPROVE", via: "slack" }));
    expect([error.code, error.userMessage]).toEqual(["FORBIDDEN", "Deciding from Slack is turned off for this kind of request. Use the portal."]);
    expect(await h.db.review.count({ where: { requestId: request.id } })).toBe(0);
  });

  it("a rule marked MFA-required refuses a single-factor sign-in with a step-up, and works with MFA", async () => {
    const vaultUser = await h.person("vu", ["vault-users"]);
    const vaultApprover = await h.person("va", ["vault-approvers"]);
    const ask = (actor: Actor) => createRequest(h, { actor, input: { roleId: "scoped", justification: "Rotate the vault key", durationMinutes: 30 } });
    expect((await refusal(ask(vaultUser))).code).toBe("MFA_REQUIRED");
    const request = await ask({ ...vaultUser, mfa: true });
    expect(request.ruleId).toBe("vault-mfa");
    const single = await refusal(approve(vaultApprover, request.id));
    expect([single.code, single.status]).toEqual(["MFA_REQUIRED", 401]);
    expect((await approve({ ...vaultApprover, mfa: true }, request.id)).request.status).toBe("ACTIVE");
  });
});

describe("request creation rate limit", () => {
  it("refuses a person's requests past the hourly limit with a retry time, and counts per person", async () => {
    const limited = { ...h, limits: { requestsPerHour: 2 } };
    const burst = await h.person("burst", ["engineering"]);
    const calm = await h.person("calm", ["engineering"]);
    const ask = (actor: Actor, roleId: string) => createRequest(limited, { actor, input: { roleId, justification: "Rate limit check", durationMinutes: 30 } });
    await ask(burst, "dev");
    await ask(burst, "scoped");
    const third = await refusal(ask(burst, "prod"));
    expect([third.code, third.status]).toEqual(["RATE_LIMITED", 429]);
    expect(third.userMessage).toMatch(/Try again in \d+ minutes?/);
    expect(await h.db.accessRequest.count({ where: { requesterId: burst.id } })).toBe(2);
    await ask(calm, "dev");
  });
});

describe("one person with two identities (one per sign-in method)", () => {
  it("cannot approve their own request, nor approve twice, under the other identity", async () => {
    const viaOidc = await h.person("twin-oidc", ["engineering"]);
    const viaSaml = await h.person("twin-saml", ["leads"]);
    await h.db.user.update({ where: { id: viaSaml.id }, data: { email: viaOidc.email } });
    viaSaml.email = viaOidc.email;
    const own = await prod(viaOidc);
    expect((await refusal(approve(viaSaml, own.id))).code).toBe("FORBIDDEN");
    expect((await listPendingApprovals(h, viaSaml)).map((r) => r.id)).not.toContain(own.id);

    const leeAgain = await h.person("lee-saml", ["leads"]);
    await h.db.user.update({ where: { id: leeAgain.id }, data: { email: lee.email } });
    leeAgain.email = lee.email;
    const request = await prod(eve);
    await approve(lee, request.id);
    expect(await approve(leeAgain, request.id)).toMatchObject({ changed: false, approvals: { count: 1, required: 2 }, request: { status: "PENDING" } });
    expect(await h.db.review.count({ where: { requestId: request.id } })).toBe(1);
  });
});

describe("limits that hold in all", () => {
  it("extensions together never make a grant longer than its rule allows", async () => {
    const grant = await prod(eve, { durationMinutes: 180 });
    await approve(lee, grant.id);
    await approve(sec, grant.id);
    const tooMuch = await refusal(prod(eve, { extendsId: grant.id, durationMinutes: 61 }));
    expect(tooMuch.fieldErrors.durationMinutes).toMatch(/at most 4 h in all; this access already has 3 h/);
    const extension = await prod(eve, { extendsId: grant.id, durationMinutes: 60 });
    await approve(lee, extension.id);
    await approve(sec, extension.id);
    expect((await refusal(prod(eve, { extendsId: grant.id, durationMinutes: 15 }))).code).toBe("INVALID_INPUT");
  });

  it("a rule that needs MFA to request also needs it to open the console or get credentials", async () => {
    const vaultUser = await h.person("vu2", ["vault-users"]);
    const vaultApprover = await h.person("va2", ["vault-approvers"]);
    const request = await createRequest(h, {
      actor: { ...vaultUser, mfa: true },
      input: { roleId: "scoped", justification: "Rotate the vault key", durationMinutes: 30 },
    });
    await approve({ ...vaultApprover, mfa: true }, request.id);
    const single = await refusal(issueCredentials(h, { actor: { ...vaultUser, mfa: false }, requestId: request.id }));
    expect(single.code).toBe("MFA_REQUIRED");
    expect(await h.db.issuance.count({ where: { requestId: request.id } })).toBe(0);
    expect((await issueCredentials(h, { actor: { ...vaultUser, mfa: true }, requestId: request.id })).accessKeyId).toBeTruthy();
  });
});
