// The admin page's use case: admins only, and the check itself lands in the trail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy/access";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { recordAuditEvent } from "./record-audit-event";
import { verifyChainAsAdmin } from "./verify-chain-as-admin";

let h: Harness;
let admin: Actor;
let alice: Actor;

beforeAll(async () => {
  h = await createHarness({ withMoto: false });
  admin = await h.person("carol", ["admins"]);
  alice = await h.person("alice", ["engineering"]);
  for (let i = 0; i < 3; i++) {
    await h.db.$transaction((tx) => recordAuditEvent(tx, { actorId: alice.id, action: "request.created", targetType: "request" }, h.now()));
  }
});
afterAll(() => h.close());

describe("verifyChainAsAdmin", () => {
  it("reports the chain and records who checked it and what they saw", async () => {
    const result = await verifyChainAsAdmin(h, { actor: admin });
    expect(result).toMatchObject({ ok: true, checked: 3, headSeq: 3 });
    expect(result.firstBroken).toBeUndefined();
    const event = await h.db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    expect(event).toMatchObject({
      seq: 4n,
      actorId: admin.id,
      action: "audit.verified",
      targetType: "audit",
      result: "ok",
      data: { intact: true, checked: 3, headSeq: 3, brokenSeq: null, reason: null },
    });
    // Recording the check extended the chain, and correctly.
    expect(await verifyChainAsAdmin(h, { actor: admin })).toMatchObject({ ok: true, checked: 4, headSeq: 4 });
  });

  it("refuses anyone who is not an admin, and records the refusal", async () => {
    const before = await h.db.auditEvent.count();
    const error = await verifyChainAsAdmin(h, { actor: alice }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("NOT_FOUND");
    const events = await h.db.auditEvent.findMany({ where: { seq: { gt: before } } });
    expect(events.map((e) => [e.action, e.actorId, e.result])).toEqual([["audit.verify", alice.id, "refused"]]);
  });
});
