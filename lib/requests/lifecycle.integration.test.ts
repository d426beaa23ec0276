// The request lifecycle against real PostgreSQL: who may ask, who may decide, and what holds
// when people click at the same time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy/access";
import { refusal } from "@/lib/testing/refusal";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { cancelRequest } from "./cancel-request";
import { createRequest } from "./create-request";
import { decideRequest } from "./decide-request";
import { getRequestForViewer, listMyRequests, listPendingApprovals } from "./queries";

let h: Harness;
let alice: Actor; // engineer
let bob: Actor; // security approver
let carol: Actor; // approver and engineer
let mallory: Actor; // no groups

beforeAll(async () => {
  h = await createHarness({ withMoto: false });
  alice = await h.person("alice", ["engineering"]);
  bob = await h.person("bob", ["security"]);
  carol = await h.person("carol", ["security", "engineering"]);
  mallory = await h.person("mallory", []);
});
afterAll(() => h.close());

const ask = async (actor: Actor, input: Partial<{ roleId: string; justification: string; durationMinutes: number }> = {}) => {
  await h.retire(actor);
  return createRequest(h, { actor, input: { roleId: "dev", justification: "Debug deploys for INC-42", durationMinutes: 120, ...input } });
};

describe("creating a request", () => {
  it("records a pending request and its audit event", async () => {
    const request = await ask(alice);
    expect(request).toMatchObject({ status: "PENDING", roleId: "dev", accountId: "123456789012", durationSeconds: 7200 });
    const events = await h.db.auditEvent.findMany({ where: { requestId: request.id } });
    expect(events.map((e) => [e.action, e.actorId])).toEqual([["request.created", alice.id]]);
  });

  it("refuses a role the person may not request, and one that does not exist", async () => {
    const before = await h.db.accessRequest.count();
    const forbidden = await refusal(ask(alice, { roleId: "admin" }));
    expect([forbidden.code, forbidden.fieldErrors.roleId]).toEqual(["FORBIDDEN", "You may not request this role."]);
    expect((await refusal(ask(mallory))).code).toBe("FORBIDDEN");
    expect((await refusal(ask(alice, { roleId: "nope" }))).code).toBe("FORBIDDEN");
    expect(await h.db.accessRequest.count()).toBe(before);
  });

  it("refuses a duration above the role's maximum with a clear message", async () => {
    const error = await refusal(ask(alice, { durationMinutes: 241 }));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.fieldErrors.durationMinutes).toBe("Developer can be requested for at most 4 h.");
    expect((await refusal(ask(alice, { durationMinutes: 5 }))).fieldErrors.durationMinutes).toMatch(/15 minutes/);
  });

  it("refuses an empty or blank justification", async () => {
    for (const justification of ["", "   \n "]) {
      const error = await refusal(ask(alice, { justification }));
      expect(error.fieldErrors.justification).toBe("Say why you need this access (at least 4 characters).");
    }
  });
});

describe("deciding a request", () => {
  it("never lets the requester approve their own request, even as an approver", async () => {
    const request = await ask(carol);
    const error = await refusal(decideRequest(h, { actor: carol, requestId: request.id, decision: "APPROVE" }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.userMessage).toMatch(/your own request/);
    expect(await h.db.accessRequest.findUnique({ where: { id: request.id } })).toMatchObject({ status: "PENDING" });
    expect(await h.db.review.count({ where: { requestId: request.id } })).toBe(0);
    expect((await listPendingApprovals(h, carol)).map((r) => r.id)).not.toContain(request.id);
  });

  it("refuses people who do not approve the role as if the request did not exist", async () => {
    const request = await ask(alice);
    for (const actor of [alice, mallory]) {
      const error = await refusal(decideRequest(h, { actor, requestId: request.id, decision: "APPROVE" }));
      expect(error.code).toBe("NOT_FOUND");
    }
    expect((await refusal(decideRequest(h, { actor: bob, requestId: "missing", decision: "APPROVE" }))).code).toBe("NOT_FOUND");
  });

  it("approval opens the window for the requested duration; later decisions conflict", async () => {
    const request = await ask(alice, { durationMinutes: 90 });
    const { request: approved } = await decideRequest(h, { actor: bob, requestId: request.id, decision: "APPROVE", comment: "ok" });
    expect(approved.status).toBe("ACTIVE");
    expect(approved.startsAt).toEqual(h.clock.now);
    expect(approved.endsAt).toEqual(new Date(h.clock.now.getTime() + 90 * 60_000));
    expect((await refusal(decideRequest(h, { actor: carol, requestId: request.id, decision: "DENY", comment: "too late" }))).code).toBe("CONFLICT");
    expect((await refusal(decideRequest(h, { actor: carol, requestId: request.id, decision: "APPROVE" }))).code).toBe("CONFLICT");
    // The same approver clicking again changes nothing and is not an error.
    expect(await decideRequest(h, { actor: bob, requestId: request.id, decision: "APPROVE" })).toMatchObject({ changed: false });
    const actions = (await h.db.auditEvent.findMany({ where: { requestId: request.id }, orderBy: { seq: "asc" } })).map((e) => `${e.action}:${e.result}`);
    expect(actions).toEqual(["request.created:ok", "request.approved:ok", "request.activated:ok", "request.decide:refused", "request.decide:refused"]);
  });

  it("a denied request stays denied", async () => {
    const request = await ask(alice);
    expect((await refusal(decideRequest(h, { actor: bob, requestId: request.id, decision: "DENY" }))).fieldErrors).toHaveProperty("comment");
    expect((await decideRequest(h, { actor: bob, requestId: request.id, decision: "DENY", comment: "not needed" })).request.status).toBe("DENIED");
    expect((await refusal(decideRequest(h, { actor: carol, requestId: request.id, decision: "APPROVE" }))).code).toBe("CONFLICT");
    expect((await refusal(cancelRequest(h, { actor: alice, requestId: request.id }))).code).toBe("CONFLICT");
  });

  it("refuses a decision that is neither approve nor deny", async () => {
    const request = await ask(alice);
    const bogus = "GRANT_EVERYTHING" as "APPROVE";
    expect((await refusal(decideRequest(h, { actor: bob, requestId: request.id, decision: bogus }))).code).toBe("INVALID_INPUT");
  });

  it("many approvers clicking at once produce exactly one decision", async () => {
    const approvers = await Promise.all(Array.from({ length: 8 }, (_, i) => h.person(`approver-${i}`, ["security"])));
    const request = await ask(alice);
    const results = await Promise.allSettled(
      approvers.map((actor, i) => decideRequest(h, { actor, requestId: request.id, decision: i % 2 ? "APPROVE" : "DENY", comment: "race" })),
    );
    const winners = results.filter((r) => r.status === "fulfilled");
    expect(winners).toHaveLength(1);
    for (const loser of results.filter((r) => r.status === "rejected")) {
      expect((loser.reason as AppError).code).toBe("CONFLICT");
    }
    expect(await h.db.review.count({ where: { requestId: request.id } })).toBe(1);
    const decided = await h.db.auditEvent.count({ where: { requestId: request.id, action: { in: ["request.approved", "request.denied"] } } });
    expect(decided).toBe(1);
  });
});

describe("cancelling and viewing", () => {
  it("only the requester cancels, and only while pending", async () => {
    const request = await ask(alice);
    expect((await refusal(cancelRequest(h, { actor: bob, requestId: request.id }))).code).toBe("NOT_FOUND");
    await cancelRequest(h, { actor: alice, requestId: request.id });
    expect(await h.db.accessRequest.findUnique({ where: { id: request.id } })).toMatchObject({ status: "CANCELLED" });
    expect((await refusal(decideRequest(h, { actor: bob, requestId: request.id, decision: "APPROVE" }))).code).toBe("CONFLICT");
  });

  it("shows a request to its requester and approvers only", async () => {
    const request = await ask(alice);
    expect(await getRequestForViewer(h, mallory, request.id)).toBeNull();
    const asBob = await getRequestForViewer(h, bob, request.id);
    expect(asBob?.permissions).toEqual({
      isOwnRequest: false,
      canDecide: true,
      approvedByMe: false,
      canCancel: false,
      canUseAccess: false,
      canExtend: false,
      canCompleteReview: false,
    });
    const asAlice = await getRequestForViewer(h, alice, request.id);
    expect(asAlice?.permissions).toMatchObject({ isOwnRequest: true, canDecide: false, canCancel: true });
    expect((await listMyRequests(h, bob)).map((r) => r.id)).not.toContain(request.id);
  });
});
