// Every message matches what is true now: a revoked grant's pending extension no longer offers
// Approve/Deny, a scheduled window that opens tells the requester, an approved extension is one
// message (not two, one of them with a start already past), and the admin page does not list
// reminders that will never be sent.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decideRequest } from "@/lib/requests/decide-request";
import { revokeRequest } from "@/lib/requests/revoke-request";
import { createTestbed, type Testbed } from "@/lib/testing/notify-kit";
import type { SlackMessageRecord } from "@/scripts/dev/slack";
import { listNotificationDeliveries } from "./list-deliveries";

let t: Testbed;
let channel: string;

beforeAll(async () => {
  t = await createTestbed();
  channel = t.slack.channelId("#aws-approvals");
});
afterAll(() => t.close());
beforeEach(() => t.slack.recover());

const topFor = (requestId: string) =>
  t.slack.messages.filter((m) => !m.threadTs && m.channel === channel && JSON.stringify(m.blocks).includes(`/requests/${requestId}`));
const buttonsOf = (m: SlackMessageRecord) =>
  (m.blocks as { type: string; elements?: { text?: { text?: string } }[] }[]).flatMap((b) =>
    b.type === "actions" ? (b.elements ?? []).map((e) => e.text?.text ?? "") : [],
  );
const dmsTo = (slackUserId: string) => t.slack.messages.filter((m) => m.channel === `D${slackUserId.slice(1)}` && !m.threadTs).map((m) => m.text);

describe("notifications follow the state", () => {
  it("revoking a grant updates its pending extension's message: no Approve or Deny left", async () => {
    const nina = await t.requester("nina");
    const grant = await t.ask(nina);
    await decideRequest(t.deps, { actor: t.bob, requestId: grant.id, decision: "APPROVE" });
    const extension = await t.ask(nina, "dev", { extendsId: grant.id, justification: "One more hour for INC-42" });
    await t.drain();
    const before = topFor(extension.id)[0]!;
    expect(buttonsOf(before).join(" ")).toMatch(/Approve/);

    await revokeRequest(t.deps, { actor: t.carol, requestId: grant.id, reason: "Incident closed" });
    await t.drain();
    const after = topFor(extension.id)[0]!;
    expect(after.ts).toBe(before.ts);
    expect(buttonsOf(after).join(" ")).not.toMatch(/Approve|Deny/);
    expect(JSON.stringify(after.blocks)).toMatch(/Cancelled by \*carol\*.*the access it extended is over/i);
  });

  it("tells the requester when a scheduled window opens", async () => {
    const omar = await t.requester("omar");
    const startAt = new Date(t.h.clock.now.getTime() + 2 * 3600_000).toISOString();
    const request = await t.ask(omar, "dev", { startAt });
    await decideRequest(t.deps, { actor: t.bob, requestId: request.id, decision: "APPROVE" });
    await t.drain();
    expect(dmsTo(omar.slackId)).toEqual([expect.stringMatching(/^Your request for Developer in Sandbox was approved by \*bob\*\. Access starts /)]);

    t.advance(2 * 3600 + 1);
    await t.drain();
    expect(dmsTo(omar.slackId)).toHaveLength(2);
    expect(dmsTo(omar.slackId)[1]).toMatch(/^Your access to Developer in Sandbox is now active, until <!date\^/);
  });

  it("an immediate approval is one message, not an approval and an opening", async () => {
    const pia = await t.requester("pia");
    const request = await t.ask(pia);
    await decideRequest(t.deps, { actor: t.bob, requestId: request.id, decision: "APPROVE" });
    await t.drain();
    expect(dmsTo(pia.slackId)).toEqual([expect.stringMatching(/^Your request for Developer in Sandbox was approved by \*bob\*\. Access is active until /)]);
  });

  it("an approved extension is one direct message, never one with a start already past", async () => {
    const quinn = await t.requester("quinn");
    const grant = await t.ask(quinn);
    await decideRequest(t.deps, { actor: t.bob, requestId: grant.id, decision: "APPROVE" });
    await t.drain();
    const extension = await t.ask(quinn, "dev", { extendsId: grant.id, justification: "One more hour for INC-42" });
    await t.drain();
    const before = dmsTo(quinn.slackId).length;
    await decideRequest(t.deps, { actor: t.carol, requestId: extension.id, decision: "APPROVE" });
    await t.drain();
    const added = dmsTo(quinn.slackId).slice(before);
    expect(added).toEqual([expect.stringMatching(/^Your access to Developer in Sandbox was extended until /)]);
    expect(added.join(" ")).not.toMatch(/Access starts/);
  });

  it("the admin page lists no reminder for a grant that is over", async () => {
    const rosa = await t.requester("rosa");
    const grant = await t.ask(rosa);
    await decideRequest(t.deps, { actor: t.bob, requestId: grant.id, decision: "APPROVE" });
    await t.drain();
    const admin = await t.h.person("admin-ann", ["admins"]);
    const listed = async () => (await listNotificationDeliveries(t.deps, { actor: admin })).deliveries.filter((d) => d.requestId === grant.id);
    expect((await listed()).map((d) => d.what)).toEqual(["Reminder before access ends"]);

    await revokeRequest(t.deps, { actor: t.carol, requestId: grant.id, reason: "Done" });
    await t.drain();
    expect(await listed()).toEqual([]);
  });
});
