// Approving and denying from Slack's own buttons: only signed, fresh, untouched requests, each
// click once, only from a linked approver, never the requester; and the decision is the portal's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestbed, SIGNING_SECRET, type Testbed } from "@/lib/testing/notify-kit";
import type { Actor } from "@/lib/policy/access";
import { handleSlackInteraction, type InteractionRequest } from "./handle-interaction";
import { slackSignature } from "./signature";

let t: Testbed;
let opsChannel: string;

beforeAll(async () => {
  t = await createTestbed();
  opsChannel = t.slack.channelId("#ops");
});
afterAll(() => t.close());

let clicks = 0;
function click(slackUser: string, requestId: string, actionId = "frontdesk.approve") {
  const payload = {
    type: "block_actions",
    team: { id: "T00000001" },
    user: { id: slackUser, name: "someone" },
    container: { type: "message", channel_id: opsChannel, message_ts: "1772442000.000001" },
    channel: { id: opsChannel },
    actions: [{ type: "button", action_id: actionId, block_id: "b", value: requestId, action_ts: `1772442000.${String(++clicks).padStart(6, "0")}` }],
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
const nowSeconds = () => Math.floor(t.h.clock.now.getTime() / 1000);
function signed(rawBody: string, offsetSeconds = 0, secret = SIGNING_SECRET): InteractionRequest {
  const timestamp = String(nowSeconds() + offsetSeconds);
  return { rawBody, timestamp, signature: slackSignature(secret, timestamp, rawBody), retryNum: null };
}
const send = (request: InteractionRequest) => handleSlackInteraction(t.deps, request);
const reviewsOf = (requestId: string) => t.h.db.review.findMany({ where: { requestId } });
const statusOf = async (requestId: string) => (await t.h.db.accessRequest.findUniqueOrThrow({ where: { id: requestId } })).status;

async function pendingOps(requester?: Actor) {
  const request = await t.ask(requester ?? (await t.requester(`r${++clicks}x`)), "ops");
  await t.drain();
  return request;
}

describe("the signature", () => {
  it("refuses a click without a signature, with a wrong one, or a body changed by one byte", async () => {
    const request = await pendingOps();
    const body = click("U0BOB000001", request.id);
    expect(await send({ rawBody: body, signature: null, timestamp: null, retryNum: null })).toMatchObject({ status: 401 });
    expect(await send({ ...signed(body), signature: null })).toMatchObject({ status: 401 });
    expect(await send(signed(body, 0, "not-the-signing-secret-at-all"))).toMatchObject({ status: 401 });
    const original = signed(body);
    const altered = body.replace("frontdesk.approve", "frontdesk.apprpve");
    expect(altered.length).toBe(body.length);
    expect(await send({ ...original, rawBody: altered })).toMatchObject({ status: 401 });
    expect(await reviewsOf(request.id)).toHaveLength(0);
    expect(await statusOf(request.id)).toBe("PENDING");
  });

  it("refuses a request signed 301 seconds ago or 301 seconds ahead, and accepts one at the edge of the window", async () => {
    const request = await pendingOps();
    expect(await send(signed(click("U0BOB000001", request.id), -301))).toMatchObject({ status: 401, message: "Invalid Slack signature." });
    expect(await send(signed(click("U0BOB000001", request.id), 301))).toMatchObject({ status: 401 });
    expect(await statusOf(request.id)).toBe("PENDING");
    // Inside the window the click gets past the signature to the decision itself.
    expect(await send(signed(click("U0BOB000001", request.id), -300))).toEqual({ status: 200, result: "decided" });
    expect(await reviewsOf(request.id)).toHaveLength(1);
  });
});

describe("a click", () => {
  it("from a linked approver decides through the portal's own use case, as that approver", async () => {
    const request = await pendingOps();
    const [top] = t.slack.messages.filter((m) => m.channel === opsChannel && !m.threadTs && JSON.stringify(m.blocks).includes(request.id));
    const buttons = JSON.stringify(top!.blocks);
    expect(buttons).toContain('"action_id":"frontdesk.approve"');
    expect(buttons).toContain(`"value":"${request.id}"`);

    expect(await send(signed(click("U0BOB000001", request.id)))).toEqual({ status: 200, result: "decided" });
    expect((await reviewsOf(request.id)).map((r) => r.reviewerId)).toEqual([t.bob.id]);
    const approved = await t.h.db.auditEvent.findMany({ where: { requestId: request.id, action: "request.approved" } });
    expect(approved.map((e) => [e.actorId, e.result])).toEqual([[t.bob.id, "ok"]]);
  });

  it("is processed once: a replay of the same request and Slack's retries change nothing more", async () => {
    const request = await pendingOps();
    const first = signed(click("U0CAROL0001", request.id, "frontdesk.deny"));
    expect(await send(first)).toEqual({ status: 200, result: "decided" });
    expect(await send(first)).toEqual({ status: 200, result: "duplicate" });
    t.advance(2);
    expect(await send({ ...signed(first.rawBody), retryNum: "1" })).toEqual({ status: 200, result: "duplicate" });
    expect(await send({ ...signed(first.rawBody), retryNum: "2" })).toEqual({ status: 200, result: "duplicate" });
    expect(await t.h.db.auditEvent.count({ where: { requestId: request.id, action: { in: ["request.denied", "request.decide"] } } })).toBe(1);
    expect(await reviewsOf(request.id)).toHaveLength(1);
    expect(await statusOf(request.id)).toBe("DENIED");
  });

  it("never lets requesters approve their own request, and tells them why", async () => {
    const self = await t.requester("selma");
    await t.h.db.user.update({ where: { id: self.id }, data: { groups: ["security"] } });
    const request = await pendingOps({ ...self, groups: ["security"] });
    expect(await send(signed(click(self.slackId, request.id)))).toEqual({ status: 200, result: "refused" });
    expect(await reviewsOf(request.id)).toHaveLength(0);
    expect(await statusOf(request.id)).toBe("PENDING");
    await t.drain();
    expect(t.slack.ephemerals.at(-1)).toEqual({
      channel: opsChannel,
      user: self.slackId,
      text: "You cannot approve or deny your own request. Another approver must decide.",
    });
  });

  it("refuses people who are not approvers, unknown Slack users, and rules that do not allow it", async () => {
    const request = await pendingOps();
    const outsider = await t.requester("olga"); // an engineer, not an approver
    expect(await send(signed(click(outsider.slackId, request.id)))).toEqual({ status: 200, result: "refused" });
    expect(await send(signed(click("U0STRANGER01", request.id)))).toEqual({ status: 200, result: "refused" });
    const devRequest = await t.ask(await t.requester("dora"), "dev");
    expect(await send(signed(click("U0BOB000001", devRequest.id)))).toEqual({ status: 200, result: "refused" });
    expect(await reviewsOf(request.id)).toHaveLength(0);
    expect(await reviewsOf(devRequest.id)).toHaveLength(0);
    await t.drain();
    const told = t.slack.ephemerals.slice(-3).map((e) => [e.user, e.text]);
    expect(told).toEqual([
      [outsider.slackId, "No such request, or you do not approve this role."],
      ["U0STRANGER01", expect.stringMatching(/^Frontdesk could not match your Slack account/)],
      ["U0BOB000001", expect.stringMatching(/^Deciding from Slack is turned off/)],
    ]);
  });

  it("refuses an approver whose last portal sign-in (and so their groups) is too old", async () => {
    const request = await pendingOps();
    await t.h.db.user.update({ where: { id: t.bob.id }, data: { lastLoginAt: new Date(t.h.clock.now.getTime() - 9 * 3600_000) } });
    expect(await send(signed(click("U0BOB000001", request.id)))).toEqual({ status: 200, result: "refused" });
    await t.drain();
    expect(t.slack.ephemerals.at(-1)?.text).toMatch(/^Your Frontdesk sign-in is too old/);
    expect(await reviewsOf(request.id)).toHaveLength(0);
    await t.h.db.user.update({ where: { id: t.bob.id }, data: { lastLoginAt: t.h.clock.now } });
  });

  it("acknowledges link buttons without doing anything", async () => {
    const request = await pendingOps();
    expect(await send(signed(click("U0BOB000001", request.id, "frontdesk.link.open")))).toEqual({ status: 200, result: "ignored" });
    expect(await statusOf(request.id)).toBe("PENDING");
  });
});

describe("refusals from Slack are audited like the portal's", () => {
  const refusalsFor = (targetId: string) =>
    t.h.db.auditEvent.findMany({ where: { action: "request.decide", result: "refused", targetId }, orderBy: { seq: "asc" } });

  it("writes one refused row for a self-approval click, an unknown Slack user, a turned-off rule and a NUL id", async () => {
    const self = await t.requester("sasha");
    await t.h.db.user.update({ where: { id: self.id }, data: { groups: ["security"] } });
    const own = await pendingOps({ ...self, groups: ["security"] });
    expect(await send(signed(click(self.slackId, own.id)))).toEqual({ status: 200, result: "refused" });
    const selfRows = await refusalsFor(own.id);
    expect(selfRows).toHaveLength(1);
    expect(selfRows[0]).toMatchObject({ actorId: self.id, requestId: own.id, data: { code: "FORBIDDEN" } });
    expect(String((selfRows[0]!.data as { reason: string }).reason)).toMatch(/your own request/);

    const other = await pendingOps();
    expect(await send(signed(click("U0STRANGER02", other.id)))).toEqual({ status: 200, result: "refused" });
    const strangerRows = await refusalsFor(other.id);
    expect(strangerRows).toHaveLength(1);
    expect(strangerRows[0]).toMatchObject({ actorId: null, data: { code: "FORBIDDEN" } });
    expect(String((strangerRows[0]!.data as { reason: string }).reason)).toMatch(/U0STRANGER02.*could not match/);

    const devRequest = await t.ask(await t.requester("dana"), "dev");
    expect(await send(signed(click("U0BOB000001", devRequest.id)))).toEqual({ status: 200, result: "refused" });
    expect(await refusalsFor(devRequest.id)).toHaveLength(1);

    const before = await t.h.db.auditEvent.count();
    expect(await send(signed(click("U0BOB000001", "abc\u0000def")))).toEqual({ status: 200, result: "refused" });
    expect(await t.h.db.auditEvent.count()).toBe(before + 1);
    expect(await refusalsFor("abc\uFFFDdef")).toHaveLength(1);
    expect(await statusOf(own.id)).toBe("PENDING");
    expect(await statusOf(other.id)).toBe("PENDING");
  });
});
