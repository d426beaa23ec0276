// Who may end a grant early, from which states, and what repeating it does, against real
// PostgreSQL (and moto for the managed roles' revocations).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/policy/access";
import type { Harness } from "@/lib/testing/harness";
import { cancelRequest } from "./cancel-request";
import { createRequest } from "./create-request";
import { decideRequest } from "./decide-request";
import { endRequest } from "./end-request";
import { getRequestForViewer } from "./queries";
import { revokeRequest } from "./revoke-request";
import { activeGrant, advance, auditOf, createRevocationKit, refusal, type RevocationKit } from "@/lib/testing/revocation-kit";

let kit: RevocationKit;
let h: Harness;
let alice: Actor, carol: Actor, dave: Actor, bob: Actor, ada: Actor, mallory: Actor;

beforeAll(async () => {
  kit = await createRevocationKit();
  ({ h, alice, carol, dave, bob, ada, mallory } = kit);
});
afterAll(() => h.close());

describe("who may end a grant, and when", () => {
  it("refuses the requester, strangers and blank reasons on the revoke path, changing nothing", async () => {
    const id = await activeGrant(kit, alice, "dev");
    const before = await auditOf(h, id);

    const own = await refusal(revokeRequest(h, { actor: alice, requestId: id, reason: "Mine" }));
    expect([own.code, own.status]).toEqual(["FORBIDDEN", 403]);
    expect(own.userMessage).toMatch(/I'm done/);
    expect((await refusal(revokeRequest(h, { actor: mallory, requestId: id, reason: "Because" }))).code).toBe("NOT_FOUND");
    expect((await refusal(revokeRequest(h, { actor: dave, requestId: id, reason: "Because" }))).code).toBe("NOT_FOUND");
    expect((await refusal(revokeRequest(h, { actor: bob, requestId: "missing", reason: "Because" }))).code).toBe("NOT_FOUND");
    for (const reason of ["", "   \n"]) {
      const blank = await refusal(revokeRequest(h, { actor: bob, requestId: id, reason }));
      expect([blank.code, blank.fieldErrors.reason]).toEqual(["INVALID_INPUT", "Say why you are revoking this access."]);
    }
    expect((await refusal(revokeRequest(h, { actor: bob, requestId: id, reason: "x".repeat(501) }))).code).toBe("INVALID_INPUT");
    // "I'm done" is the requester's alone.
    expect((await refusal(endRequest(h, { actor: bob, requestId: id }))).code).toBe("NOT_FOUND");
    expect((await refusal(endRequest(h, { actor: mallory, requestId: id }))).code).toBe("NOT_FOUND");

    expect((await h.db.accessRequest.findUniqueOrThrow({ where: { id } })).status).toBe("ACTIVE");
    expect(await h.db.revocation.count({ where: { requestId: id } })).toBe(0);
    expect(await auditOf(h, id)).toEqual(before);
    // Each refusal is on the record, by whom and why.
    const refusals = await h.db.auditEvent.findMany({ where: { requestId: id, result: "refused" }, orderBy: { seq: "asc" } });
    expect(refusals.map((e) => [e.action, e.actorId])).toEqual([
      ["request.revoke", alice.id],
      ["request.revoke", mallory.id],
      ["request.revoke", dave.id],
      ["request.revoke", bob.id],
      ["request.revoke", bob.id],
      ["request.revoke", bob.id],
      ["request.end", bob.id],
      ["request.end", mallory.id],
    ]);
  });

  it("an approver who asked for the access cannot revoke it either, but can end it", async () => {
    const id = await activeGrant(kit, carol, "dev");
    expect((await refusal(revokeRequest(h, { actor: carol, requestId: id, reason: "Mine" }))).code).toBe("FORBIDDEN");
    const view = await getRequestForViewer(h, carol, id);
    expect(view?.closing).toMatchObject({ canRevoke: false, canEnd: true });
    expect((await endRequest(h, { actor: carol, requestId: id })).status).toBe("ENDED");
  });

  it("offers revoke to approvers and admins and 'I'm done' to the requester only", async () => {
    const id = await activeGrant(kit, alice, "dev");
    expect((await getRequestForViewer(h, bob, id))?.closing).toMatchObject({ canRevoke: true, canEnd: false });
    expect((await getRequestForViewer(h, ada, id))?.closing).toMatchObject({ canRevoke: true, canEnd: false });
    expect((await getRequestForViewer(h, alice, id))?.closing).toMatchObject({ canRevoke: false, canEnd: true });
    expect(await getRequestForViewer(h, mallory, id)).toBeNull();
    await endRequest(h, { actor: alice, requestId: id });
    expect((await getRequestForViewer(h, bob, id))?.closing).toMatchObject({ canRevoke: false, canEnd: false });
  });

  it("refuses to revoke or end what is already over (409), and repeating the same close is harmless", async () => {
    const denied = await createRequest(h, { actor: alice, input: { roleId: "dev", justification: "Check the deploy logs", durationMinutes: 60 } });
    await decideRequest(h, { actor: bob, requestId: denied.id, decision: "DENY", comment: "Not needed" });
    const cancelled = await createRequest(h, { actor: alice, input: { roleId: "dev", justification: "Check the deploy logs", durationMinutes: 60 } });
    await cancelRequest(h, { actor: alice, requestId: cancelled.id });
    const pending = await createRequest(h, { actor: alice, input: { roleId: "dev", justification: "Check the deploy logs", durationMinutes: 60 } });
    for (const requestId of [denied.id, cancelled.id, pending.id]) {
      const error = await refusal(revokeRequest(h, { actor: bob, requestId, reason: "Too late" }));
      expect([error.code, error.status]).toEqual(["CONFLICT", 409]);
      expect((await refusal(endRequest(h, { actor: alice, requestId }))).status).toBe(409);
    }

    const revoked = await activeGrant(kit, alice, "dev");
    const once = await revokeRequest(h, { actor: bob, requestId: revoked, reason: "Once" });
    const twice = await revokeRequest(h, { actor: ada, requestId: revoked, reason: "Twice" });
    expect(twice).toMatchObject({ changed: false, status: "REVOKED" });
    expect(twice.revocation?.id).toBe(once.revocation?.id);
    expect((await h.db.accessRequest.findUniqueOrThrow({ where: { id: revoked } })).closeReason).toBe("Once");
    expect((await auditOf(h, revoked)).filter((a) => a === "request.revoked" || a === "revocation.requested")).toHaveLength(2);
    expect(await h.db.job.count({ where: { payload: { path: ["revocationId"], equals: once.revocation!.id } } })).toBe(2);
    expect((await refusal(endRequest(h, { actor: alice, requestId: revoked }))).code).toBe("CONFLICT");

    const ended = await activeGrant(kit, alice, "dev");
    await endRequest(h, { actor: alice, requestId: ended });
    expect(await endRequest(h, { actor: alice, requestId: ended })).toMatchObject({ changed: false, status: "ENDED" });
    expect((await refusal(revokeRequest(h, { actor: bob, requestId: ended, reason: "Late" }))).code).toBe("CONFLICT");
  });

  it("a window that has already run out cannot be revoked; ending it again is a no-op", async () => {
    const id = await activeGrant(kit, alice, "legacy");
    advance(h, 2 * 3600);
    expect((await refusal(revokeRequest(h, { actor: bob, requestId: id, reason: "Late" }))).code).toBe("CONFLICT");
    expect(await endRequest(h, { actor: alice, requestId: id })).toMatchObject({ changed: false, status: "ENDED" });
  });
});
