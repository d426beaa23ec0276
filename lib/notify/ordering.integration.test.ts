// Every channel in event order, per request, across two runners: several requests go through
// created → approved → active → ended before the outbox runs; the mail server and Slack fail the
// first deliveries, so they wait for a retry while the later events' deliveries are due. Two
// runners then drain the outbox (fan-outs included) as the clock moves on. The Slack stand-in's
// threads and the mail server's arrival order must read in event order, and jobs that only waited
// their turn must not have used attempts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideRequest } from "@/lib/requests/decide-request";
import { endRequest } from "@/lib/requests/end-request";
import type { SlackMessageRecord } from "@/scripts/dev/slack";
import { MAIL_SEND } from "./delivery-kinds";
import { createTestbed, type Testbed } from "@/lib/testing/notify-kit";

let t: Testbed;

beforeAll(async () => {
  t = await createTestbed();
});
afterAll(() => t.close());

const REQUESTS = 5;

describe("deliveries for one request, across two runners", { timeout: 120_000 }, () => {
  it("go out in event order on every channel, and waiting uses no attempts", async () => {
    const channel = t.slack.channelId("#ops");
    const ids: string[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const requester = await t.requester(`order${i}`);
      const request = await t.ask(requester, "ops");
      t.advance(1);
      await decideRequest(t.deps, { actor: t.bob, requestId: request.id, decision: "APPROVE" });
      t.advance(1);
      await endRequest(t.deps, { actor: requester, requestId: request.id });
      ids.push(request.id);
    }
    // The first deliveries fail and are retried later; everything after them is due now.
    t.smtp.fail(3);
    t.slack.fail({ status: 500 }, 3);
    let pending = Infinity;
    for (let round = 0; round < 30 && pending > 0; round++) {
      await t.drain(2);
      pending = await t.h.db.job.count({ where: { status: "PENDING", runAt: { lte: new Date(t.h.clock.now.getTime() + 3_600_000) } } });
      t.advance(20 * 60);
    }
    expect(pending).toBe(0);
    expect(await t.h.db.job.count({ where: { status: "FAILED" } })).toBe(0);

    // Slack: each request's thread reads approved, active, ended.
    for (const id of ids) {
      const top = t.slack.messages.find((m) => !m.threadTs && m.channel === channel && JSON.stringify(m.blocks).includes(`/requests/${id}`));
      expect(top).toBeDefined();
      const thread = t.slack.messages.filter((m: SlackMessageRecord) => m.threadTs === top!.ts && m.channel === channel).map((m) => m.text);
      expect(thread).toHaveLength(3);
      expect(thread[0]).toMatch(/^Approved by/);
      expect(thread[1]).toMatch(/^Access is active/);
      expect(thread[2]).toMatch(/^Access ended early by/);
    }

    // Email: per recipient, in the order of the events the mails are about.
    const jobs = await t.h.db.job.findMany({ where: { kind: MAIL_SEND }, select: { id: true, orderKey: true, orderGroup: true, attempts: true } });
    const byId = new Map(jobs.map((j) => [j.id, j]));
    const seen = new Map<string, bigint>();
    let mails = 0;
    for (const mail of t.smtp.mails) {
      const id = /^<([^@]+)@/.exec(mail.headers["message-id"] ?? "")?.[1];
      const job = id ? byId.get(id) : undefined;
      if (!job?.orderKey || !job.orderGroup) continue;
      mails++;
      const lane = `${job.orderGroup}|${mail.to.join(",").toLowerCase()}`;
      const previous = seen.get(lane);
      if (previous !== undefined) expect(job.orderKey > previous, `mail to ${mail.to.join(",")} out of order`).toBe(true);
      seen.set(lane, job.orderKey);
    }
    // Per request: the approvers' message for "created" and "approved", and the requester's for "approved".
    expect(mails).toBe(REQUESTS * 3);
    // Each mail sent once: no duplicate Message-IDs.
    const messageIds = t.smtp.mails.map((m) => m.headers["message-id"]);
    expect(new Set(messageIds).size).toBe(messageIds.length);

    // Only the injected failures cost attempts: 3 SMTP + 3 Slack, none for waiting in line.
    const delivery = await t.h.db.job.findMany({
      where: { kind: { in: [MAIL_SEND, "slack.message", "slack.requester", "notify.event"] } },
      select: { attempts: true },
    });
    const extra = delivery.reduce((sum, j) => sum + Math.max(0, j.attempts - 1), 0);
    expect(extra).toBeLessThanOrEqual(6);
  });
});
