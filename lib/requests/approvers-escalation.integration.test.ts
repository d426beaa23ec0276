// Keeping a pending request moving: the requester sees who can approve and when each was told,
// approvers are reminded before it expires, the rule's backup approvers are pinged after its delay,
// and the requester can nudge once per interval (audited, rate limited, theirs alone).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy/access";
import { createTestbed, NOTIFY_CATALOG, type Testbed } from "@/lib/testing/notify-kit";
import { approverRoster } from "./approver-roster";
import { decideRequest } from "./decide-request";
import { nudgeApprovers } from "./nudge-approvers";
import { loadRequestView } from "./request-view";

const CATALOG = NOTIFY_CATALOG.replace(
  "    pendingTimeout: 1h\n",
  "    pendingTimeout: 2h\n    escalation: { remindBefore: 30m, after: 45m, to: { users: [dave@example.com] }, nudgeEvery: 1h }\n",
);

let t: Testbed;
let dave: Actor & { slackId: string };
let channel: string;

beforeAll(async () => {
  t = await createTestbed();
  t.deps.catalog = parseCatalog(CATALOG, "escalation.yaml");
  dave = await t.requester("dave");
  channel = t.slack.channelId("#aws-approvals");
});
afterAll(() => t.close());

const dmsTo = (slackUserId: string) => t.slack.messages.filter((m) => m.channel === `D${slackUserId.slice(1)}` && !m.threadTs);
const repliesIn = (where: string) => t.slack.messages.filter((m) => m.channel === where && m.threadTs).map((m) => m.text);
const roster = async (id: string) => approverRoster(t.deps, (await loadRequestView(t.deps.db, t.deps.catalog, id, t.deps.now()))!);
const audited = (requestId: string, action: string) => t.h.db.auditEvent.count({ where: { requestId, action } });

describe("who can approve, reminders and escalation", () => {
  it("names the approvers and when each was notified; the backup only after the delay", async () => {
    const erin = await t.requester("erin");
    const request = await t.ask(erin);
    await t.drain();
    const before = await roster(request.id);
    expect(before.approvers.map((p) => p.name)).toEqual(["bob", "carol"]);
    expect(before.approvers.every((p) => p.notifiedAt !== null)).toBe(true);
    expect(before.backups.map((p) => [p.name, p.notifiedAt])).toEqual([["dave", null]]);
    expect(before.escalated).toBe(false);
    expect(dmsTo(dave.slackId)).toHaveLength(0);

    t.advance(45 * 60);
    await t.drain();
    const after = await roster(request.id);
    expect(after.escalated).toBe(true);
    expect(after.backups[0]?.notifiedAt).not.toBeNull();
    expect(dmsTo(dave.slackId).map((m) => m.text)).toEqual([expect.stringContaining("erin → Developer in Sandbox")]);
    expect(await audited(request.id, "request.escalated")).toBe(1);
    // The backup may decide.
    await decideRequest(t.deps, { actor: dave, requestId: request.id, decision: "APPROVE" });
  });

  it("neither names nor asks the requester's other identity in an approver group, whom the server would refuse", async () => {
    const ivy = await t.requester("ivy");
    const other = await t.h.db.user.create({
      data: { issuer: "https://other-idp.test", subject: "ivy-admin", email: "Ivy@Example.com", name: "ivy (admin)", groups: ["security"] },
    });
    const request = await t.ask(ivy);
    await t.drain();
    expect((await roster(request.id)).approvers.map((p) => p.name)).toEqual(["bob", "carol"]);
    // Slack finds ivy's account by that email in any case: an approver's DM would land with ivy.
    expect(dmsTo(ivy.slackId).map((m) => m.text)).not.toContainEqual(expect.stringContaining("ivy → Developer in Sandbox"));
    expect(dmsTo("U0BOB000001").map((m) => m.text)).toContainEqual(expect.stringContaining("ivy → Developer in Sandbox"));
    const otherActor: Actor = { id: other.id, email: other.email, name: other.name, groups: other.groups, mfa: true, authTime: t.deps.now() };
    const refused = await decideRequest(t.deps, { actor: otherActor, requestId: request.id, decision: "APPROVE" }).catch((e: AppError) => e);
    expect(refused).toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("your own request") });
  });

  it("reminds the approvers before the request expires, unless it was decided", async () => {
    const fay = await t.requester("fay");
    const gus = await t.requester("gus");
    const waiting = await t.ask(fay);
    const decided = await t.ask(gus);
    await t.drain();
    await decideRequest(t.deps, { actor: t.bob, requestId: decided.id, decision: "DENY", comment: "No" });
    t.advance(90 * 60);
    await t.drain();
    expect(await audited(waiting.id, "request.approvers-reminded")).toBe(1);
    expect(await audited(decided.id, "request.approvers-reminded")).toBe(0);
    expect(repliesIn(channel)).toContainEqual(expect.stringMatching(/^Reminder: still waiting for an approval; it expires <!date\^/));
  });

  it("lets the requester nudge once per interval; others cannot", async () => {
    const hal = await t.requester("hal");
    const request = await t.ask(hal);
    await t.drain();
    const first = await nudgeApprovers(t.deps, { actor: hal, requestId: request.id });
    expect(first.nextAt.getTime() - first.nudgedAt.getTime()).toBe(3600_000);
    const again = await nudgeApprovers(t.deps, { actor: hal, requestId: request.id }).catch((e: AppError) => e);
    expect((again as AppError).code).toBe("RATE_LIMITED");
    const stranger = await nudgeApprovers(t.deps, { actor: t.bob, requestId: request.id }).catch((e: AppError) => e);
    expect((stranger as AppError).code).toBe("NOT_FOUND");
    await t.drain();
    expect(repliesIn(channel)).toContainEqual(expect.stringMatching(/^\*hal\* is still waiting and asks the approvers to decide/));
    expect(await audited(request.id, "request.nudged")).toBe(1);
    expect(await t.h.db.auditEvent.count({ where: { requestId: request.id, action: "request.nudge", result: "refused" } })).toBe(2);

    t.advance(3600);
    await nudgeApprovers(t.deps, { actor: hal, requestId: request.id });
    expect(await audited(request.id, "request.nudged")).toBe(2);
    await decideRequest(t.deps, { actor: t.bob, requestId: request.id, decision: "APPROVE" });
    const decided = await nudgeApprovers(t.deps, { actor: hal, requestId: request.id }).catch((e: AppError) => e);
    expect((decided as AppError).code).toBe("CONFLICT");
  });
});

describe("the catalog's escalation", () => {
  const rule = (escalation: string) => NOTIFY_CATALOG.replace("    pendingTimeout: 1h\n", `    pendingTimeout: 1h\n    escalation: ${escalation}\n`);
  it("needs after and to together, and an after shorter than the pending timeout", () => {
    expect(() => parseCatalog(rule("{ after: 30m }"), "c.yaml")).toThrow(/escalation.*to.*required/s);
    expect(() => parseCatalog(rule("{ after: 2h, to: [sre] }"), "c.yaml")).toThrow(/shorter than the rule's pendingTimeout/);
    expect(() => parseCatalog(rule("{ after: 30m, to: [sre] }"), "c.yaml")).not.toThrow();
  });
});
