// Slack notifications end to end against real PostgreSQL and the Slack stand-in: the use cases
// report events, the outbox delivers them, and the stand-in sees exactly the messages, edits,
// thread replies and DMs a person in Slack would.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { decideRequest } from "@/lib/requests/decide-request";
import { endRequest } from "@/lib/requests/end-request";
import { revokeRequest } from "@/lib/requests/revoke-request";
import type { SlackMessageRecord } from "@/scripts/dev/slack";
import { listNotificationDeliveries } from "./list-deliveries";
import { utcText } from "@/lib/slack/mrkdwn";
import { createTestbed, PORTAL, type Testbed } from "@/lib/testing/notify-kit";

let t: Testbed;
let channel: string;

beforeAll(async () => {
  t = await createTestbed();
  channel = t.slack.channelId("#aws-approvals");
});
afterAll(() => t.close());
beforeEach(() => t.slack.recover());

const topFor = (requestId: string, where = channel) =>
  t.slack.messages.filter((m) => !m.threadTs && m.channel === where && JSON.stringify(m.blocks).includes(`/requests/${requestId}`));
const threadOf = (top: SlackMessageRecord) => t.slack.messages.filter((m) => m.threadTs === top.ts && m.channel === top.channel).map((m) => m.text);
const contextOf = (m: SlackMessageRecord) => {
  const block = (m.blocks as { type: string; elements?: { text?: string }[] }[]).find((b) => b.type === "context");
  return block?.elements?.[0]?.text ?? "";
};
const linksOf = (m: SlackMessageRecord) =>
  (m.blocks as { type: string; elements?: { url?: string }[] }[]).flatMap((b) => (b.type === "actions" ? (b.elements ?? []).map((e) => e.url) : []));
const dmsTo = (slackUserId: string) => t.slack.messages.filter((m) => m.channel === `D${slackUserId.slice(1)}` && !m.threadTs);

describe("the request's message in the rule's channel", () => {
  it("is posted once with the request's facts and deep links, updated in place at the decision, and threaded", async () => {
    const request = await t.ask(t.alice);
    await t.drain();

    const [top, ...extra] = topFor(request.id);
    expect(extra).toHaveLength(0);
    expect(top).toBeDefined();
    const message = top!;
    expect(message.text).toContain("alice → Developer in Sandbox for 1 h (pending)");
    const text = JSON.stringify(message.blocks);
    for (const expected of [
      "*Requester*\\nalice",
      "*Account*\\nSandbox",
      "*Role*\\nDeveloper",
      "*Duration*\\n1 h",
      "*Would end*",
      "*Ticket*\\nINC-42",
      "Debug deploys for INC-42",
    ]) {
      expect(text).toContain(expected);
    }
    expect(linksOf(message)).toEqual([
      `${PORTAL}/requests/${request.id}?action=approve`,
      `${PORTAL}/requests/${request.id}?action=deny`,
      `${PORTAL}/requests/${request.id}`,
    ]);
    expect(contextOf(message)).toContain("Waiting for approval");

    await decideRequest(t.deps, { actor: t.bob, requestId: request.id, decision: "APPROVE" });
    await t.drain();

    expect(topFor(request.id)).toHaveLength(1);
    expect(message.history).toHaveLength(2); // once for "approved", once for "activated"
    expect(contextOf(message)).toMatch(/^:large_green_circle: Approved by \*bob\*; active until <!date\^/);
    expect(linksOf(message)).toEqual([`${PORTAL}/requests/${request.id}`]);
    expect(threadOf(message)).toEqual(["Approved by *bob*.", expect.stringMatching(/^Access is active until <!date\^\d+\^/)]);
    const updates = t.slack.calls.filter((c) => c.method === "chat.update" && c.args.ts === message.ts);
    expect(updates.every((c) => c.ok && c.args.channel === channel)).toBe(true);
  });

  it("says who did what when a request is denied, cancelled or expires", async () => {
    const dave = await t.requester("dave");
    const denied = await t.ask(await t.requester("dan"));
    const cancelled = await t.ask(dave, "dev", { durationMinutes: 30 });
    await t.drain();
    await decideRequest(t.deps, { actor: t.carol, requestId: denied.id, decision: "DENY", comment: "Use <!here> staging" });
    await cancelRequest(t.deps, { actor: dave, requestId: cancelled.id });
    await t.drain();

    const deniedTop = topFor(denied.id)[0]!;
    expect(contextOf(deniedTop)).toMatch(
      /^:x: Denied by \*carol\* at <!date\^\d+\^\{date_short_pretty\} \{time\}\|[^>]+>\. Comment: “Use &lt;!here&gt; staging”$/,
    );
    expect(threadOf(deniedTop)).toEqual(["Denied by *carol*. Comment: “Use &lt;!here&gt; staging”"]);
    const cancelledTop = topFor(cancelled.id)[0]!;
    expect(contextOf(cancelledTop)).toMatch(/^:heavy_minus_sign: Cancelled by \*dave\*/);
    expect(threadOf(cancelledTop)).toEqual(["Cancelled by *dave*."]);

    const expiring = await t.ask(await t.requester("erin"), "dev", { durationMinutes: 45 });
    await t.drain();
    t.advance(3600);
    await t.drain();
    const expiredTop = topFor(expiring.id)[0]!;
    expect(contextOf(expiredTop)).toMatch(/^:clock3: Expired at .*: nobody decided in time\.$/);
    expect(threadOf(expiredTop)).toEqual(["Expired: nobody decided in time."]);
  });

  it("records a revocation and an early end by the requester", async () => {
    const frank = await t.requester("frank");
    const revoked = await t.ask(await t.requester("fiona"));
    const ended = await t.ask(frank, "dev", { durationMinutes: 90 });
    await t.drain();
    await decideRequest(t.deps, { actor: t.bob, requestId: revoked.id, decision: "APPROVE" });
    await decideRequest(t.deps, { actor: t.bob, requestId: ended.id, decision: "APPROVE" });
    await revokeRequest(t.deps, { actor: t.carol, requestId: revoked.id, reason: "Incident is over" });
    await endRequest(t.deps, { actor: frank, requestId: ended.id });
    await t.drain();

    const revokedTop = topFor(revoked.id)[0]!;
    expect(contextOf(revokedTop)).toMatch(/^:no_entry: Revoked by \*carol\* at .*\. Reason: “Incident is over”$/);
    expect(threadOf(revokedTop).at(-1)).toMatch(/^Access revoked by \*carol\* at <!date/);
    const endedTop = topFor(ended.id)[0]!;
    expect(contextOf(endedTop)).toMatch(/^:checkered_flag: Ended early by \*frank\*/);
    expect(threadOf(endedTop).at(-1)).toMatch(/^Access ended early by \*frank\*/);
  });
});

describe("extensions", () => {
  it("update the grant's own message with the new end and move its reminder", async () => {
    const lena = await t.requester("lena");
    const grant = await t.ask(lena);
    await decideRequest(t.deps, { actor: t.bob, requestId: grant.id, decision: "APPROVE" });
    await t.drain();
    const extension = await t.ask(lena, "dev", { extendsId: grant.id, durationMinutes: 60, justification: "Need another hour for INC-42" });
    await t.drain();
    expect(topFor(extension.id)[0]?.text).toMatch(/^AWS access extension request: lena/);
    await decideRequest(t.deps, { actor: t.carol, requestId: extension.id, decision: "APPROVE" });
    await t.drain();

    const grantTop = topFor(grant.id)[0]!;
    const newEnd = (await t.h.db.accessRequest.findUniqueOrThrow({ where: { id: grant.id } })).endsAt!;
    expect(newEnd.getTime() - t.h.clock.now.getTime()).toBe(2 * 3600_000);
    expect(contextOf(grantTop)).toContain(`active until <!date^${newEnd.getTime() / 1000}^`);
    expect(threadOf(grantTop).at(-1)).toBe(
      `Access extended until <!date^${newEnd.getTime() / 1000}^{date_short_pretty} {time}|${utcText(newEnd)}> (approved by *carol*).`,
    );
    const reminders = await t.h.db.job.findMany({ where: { kind: "notify.reminder", key: { contains: grant.id } }, orderBy: { runAt: "asc" } });
    expect(reminders.map((r) => r.runAt.getTime() - t.h.clock.now.getTime())).toEqual([45 * 60_000, 105 * 60_000]);
    expect(await t.h.db.job.count({ where: { kind: "notify.reminder", key: { contains: extension.id } } })).toBe(0);

    t.advance(50 * 60);
    await t.drain();
    const reminded = () => dmsTo(lena.slackId).filter((m) => /^Your access to .* ends /.test(m.text));
    expect(dmsTo(lena.slackId).map((m) => m.text)).toContainEqual(expect.stringMatching(/^Your access to Developer in Sandbox was extended until /));
    expect(reminded()).toHaveLength(0);
    t.advance(60 * 60);
    await t.drain();
    expect(reminded().map((m) => m.text)).toEqual([expect.stringContaining(`ends <!date^${newEnd.getTime() / 1000}^`)]);
  });
});

describe("direct messages", () => {
  it("sends each approver (never the requester) the request, updated in place like the channel's", async () => {
    const gina = await t.requester("gina");
    const request = await t.ask(gina);
    await t.drain();
    const [bobDm] = dmsTo("U0BOB000001").filter((m) => JSON.stringify(m.blocks).includes(request.id));
    const [carolDm] = dmsTo("U0CAROL0001").filter((m) => JSON.stringify(m.blocks).includes(request.id));
    expect(bobDm && carolDm).toBeTruthy();
    expect(dmsTo(gina.slackId)).toHaveLength(0);
    expect(t.slack.calls.filter((c) => c.method === "users.lookupByEmail").map((c) => c.args.email)).toEqual(
      expect.arrayContaining(["bob@example.com", "carol@example.com"]),
    );

    await decideRequest(t.deps, { actor: t.bob, requestId: request.id, decision: "APPROVE" });
    await t.drain();
    expect(contextOf(carolDm!)).toMatch(/Approved by \*bob\*/);
  });

  it("tells the requester about the decision and reminds them 15 minutes before the end, unless it moved or ended", async () => {
    const hank = await t.requester("hank");
    const kept = await t.ask(hank, "ops");
    const endedEarly = await t.ask(hank, "dev", { durationMinutes: 120 });
    await t.drain();
    await decideRequest(t.deps, { actor: t.bob, requestId: kept.id, decision: "APPROVE" });
    await decideRequest(t.deps, { actor: t.bob, requestId: endedEarly.id, decision: "APPROVE" });
    await t.drain();
    const toHank = () => dmsTo(hank.slackId).map((m) => m.text);
    expect(toHank().filter((text) => /^Your request for (Developer|Operator) in Sandbox was approved by \*bob\*/.test(text))).toHaveLength(2);

    await endRequest(t.deps, { actor: hank, requestId: endedEarly.id });
    await t.drain();
    const before = toHank().length;
    t.advance(45 * 60);
    await t.drain();
    const reminders = toHank().slice(before);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatch(/^Your access to Operator in Sandbox ends <!date\^/);
    t.advance(60 * 60);
    await t.drain();
    expect(toHank().slice(before)).toHaveLength(1);
  });
});

describe("delivery through the outbox", () => {
  it("survives a Slack outage: requests are created and decided meanwhile, and afterwards each message arrives exactly once", async () => {
    t.slack.fail({ status: 503 });
    const ivy = await t.requester("ivy");
    const requests = [await t.ask(ivy), await t.ask(await t.requester("ian")), await t.ask(await t.requester("ida"))];
    const [approved, denied, pending] = requests as [(typeof requests)[0], (typeof requests)[0], (typeof requests)[0]];
    await t.drain();
    await decideRequest(t.deps, { actor: t.bob, requestId: approved.id, decision: "APPROVE" });
    await decideRequest(t.deps, { actor: t.carol, requestId: denied.id, decision: "DENY", comment: "Not today" });
    await t.drain();
    for (const r of requests) expect(topFor(r.id)).toHaveLength(0);

    // Admins see what is stuck, and why, without payloads or secrets.
    const stuck = await listNotificationDeliveries(t.deps, { actor: { id: "admin", email: "a@example.com", name: "Admin", groups: ["admins"] } });
    const retrying = stuck.deliveries.filter((d) => d.state === "retrying");
    expect(retrying.length).toBeGreaterThanOrEqual(requests.length);
    for (const d of retrying) {
      expect(d.lastError).toMatch(/^(Slack answered HTTP 503 to [a-z]+\.[A-Za-z]+\.|Waiting for an earlier update of this Slack message to go out first\.)$/);
    }
    expect(retrying.map((d) => d.what)).toContain("Slack #aws-approvals (created)");
    expect(JSON.stringify(stuck)).not.toContain("xoxb-");

    t.slack.recover();
    for (let i = 0; i < 12; i++) {
      t.advance(15 * 60);
      await t.drain(3);
    }
    for (const r of requests) expect(topFor(r.id)).toHaveLength(1);
    // In the order things happened, although the deliveries were retried at random-ish times.
    // (The hours that passed also ended the approved request's window.)
    expect(threadOf(topFor(approved.id)[0]!)).toEqual([
      "Approved by *bob*.",
      expect.stringMatching(/^Access is active until/),
      expect.stringMatching(/^The access window ended at/),
    ]);
    expect(threadOf(topFor(denied.id)[0]!)).toEqual(["Denied by *carol*. Comment: “Not today”"]);
    // Nobody decided the third within its hour: it expired while Slack was catching up.
    expect(threadOf(topFor(pending.id)[0]!)).toEqual(["Expired: nobody decided in time."]);
    expect(contextOf(topFor(approved.id)[0]!)).toMatch(/^:checkered_flag: Ended at .*: the access window is over \(approved by \*bob\*\)\.$/);
    expect(contextOf(topFor(denied.id)[0]!)).toContain("Denied by *carol*");
    // One DM per approver per request, and one decision DM per decided request.
    for (const r of requests) {
      expect(dmsTo("U0BOB000001").filter((m) => JSON.stringify(m.blocks).includes(`requests/${r.id}"`))).toHaveLength(1);
    }
    const decisions = t.slack.messages.filter(
      (m) =>
        m.channel.startsWith("D") &&
        [approved.id, denied.id].some((id) => JSON.stringify(m.blocks).includes(`requests/${id}"`)) &&
        m.text.startsWith("Your request"),
    );
    expect(decisions).toHaveLength(2);
    expect(dmsTo(ivy.slackId).map((m) => m.text)).toEqual([
      expect.stringMatching(/^Your request for Developer in Sandbox was approved by \*bob\*/),
      expect.stringMatching(/^Your access to Developer in Sandbox ends /),
    ]);
    expect(await t.h.db.job.count({ where: { status: { not: "DONE" }, kind: { startsWith: "slack." } } })).toBe(0);
  });

  it("waits as long as Slack's Retry-After says before calling again", async () => {
    const request = await t.ask(await t.requester("jack"));
    t.slack.fail({ status: 429, retryAfterSeconds: 40 }, 1);
    await t.drain();
    const waiting = await t.h.db.job.findFirst({ where: { kind: "slack.message", status: "PENDING", lastError: { contains: "rate limiting" } } });
    expect(waiting).not.toBeNull();
    expect(waiting!.runAt.getTime() - t.h.clock.now.getTime()).toBe(40_000);
    expect(waiting!.lastError).toMatch(
      new RegExp(`^Slack is rate limiting [a-z]+\\.[A-Za-z]+; it asked to wait 40 s\\. Next try at ${waiting!.runAt.toISOString()}\\.$`),
    );

    t.advance(39);
    await t.drain();
    expect(await t.h.db.job.findUniqueOrThrow({ where: { id: waiting!.id } })).toMatchObject({ status: "PENDING", attempts: 0 });
    t.advance(1);
    await t.drain();
    expect(await t.h.db.job.findUniqueOrThrow({ where: { id: waiting!.id } })).toMatchObject({ status: "DONE", attempts: 1 });
    expect(topFor(request.id)).toHaveLength(1);
    for (const approver of ["U0BOB000001", "U0CAROL0001"]) {
      expect(dmsTo(approver).filter((m) => JSON.stringify(m.blocks).includes(`requests/${request.id}?action=approve`))).toHaveLength(1);
    }
  });

  it("never blocks the change: a request is created and decided with Slack unreachable", async () => {
    t.slack.fail({ status: 500 });
    const request = await t.ask(await t.requester("kim"));
    const decided = await decideRequest(t.deps, { actor: t.bob, requestId: request.id, decision: "APPROVE" });
    expect(decided.request.status).toBe("ACTIVE");
    expect(await t.h.db.job.count({ where: { kind: "notify.event", key: { contains: request.id } } })).toBe(3);
  });
});
