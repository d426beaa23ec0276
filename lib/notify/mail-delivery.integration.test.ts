// Email notifications through a real (local) SMTP server: what approvers, the rule's list and the
// requester receive, with the same links as Slack, and an SMTP outage that loses and doubles nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decideRequest } from "@/lib/requests/decide-request";
import type { ReceivedMail } from "@/scripts/dev/smtp";
import { listNotificationDeliveries } from "./list-deliveries";
import { createTestbed, PORTAL, type Testbed } from "@/lib/testing/notify-kit";

let t: Testbed;

beforeAll(async () => {
  t = await createTestbed();
});
afterAll(() => t.close());
beforeEach(() => t.smtp.recover());

const about = (requestId: string) => t.smtp.mails.filter((m) => m.text.includes(`/requests/${requestId}`));
const recipients = (mails: ReceivedMail[]) => mails.flatMap((m) => m.to).sort();

describe("email", () => {
  it("tells the rule's approvers and list about a new request, with approve and deny links", async () => {
    const requester = await t.requester("mia");
    const request = await t.ask(requester, "ops", { justification: "Rotate <keys> & restart\nthe ingest fleet" });
    await t.drain();

    const mails = about(request.id);
    // One message to the approvers and the list: each gets one copy, and the event costs one job.
    expect(mails).toHaveLength(1);
    expect(recipients(mails)).toEqual(["bob@example.com", "carol@example.com", "sec-list@example.com"]);
    const jobs = await t.h.db.job.findMany({
      where: { kind: "mail.send", payload: { path: ["subject"], string_starts_with: "[Frontdesk] AWS access request: mia" } },
    });
    expect(jobs).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.from).toBe("frontdesk@example.com");
    expect(mail.subject).toBe("[Frontdesk] AWS access request: mia → Operator in Sandbox for 1 h");
    expect(mail.text).toContain(`Approve: ${PORTAL}/requests/${request.id}?action=approve`);
    expect(mail.text).toContain(`Deny: ${PORTAL}/requests/${request.id}?action=deny`);
    expect(mail.text).toContain("Requester: mia <mia@example.com>");
    expect(mail.text).toContain("Ticket: INC-42");
    expect(mail.text).toContain("  Rotate <keys> & restart\n  the ingest fleet");
    expect(mail.html).toContain("Rotate &lt;keys&gt; &amp; restart");
    expect(mail.headers["message-id"]).toMatch(/^<[a-z0-9]+@frontdesk\.test>$/);
  });

  it("tells the requester the decision, and the approvers the outcome", async () => {
    const requester = await t.requester("noah");
    const request = await t.ask(requester, "ops");
    await t.drain();
    await decideRequest(t.deps, { actor: t.carol, requestId: request.id, decision: "DENY", comment: "Use the runbook instead" });
    await t.drain();
    const toRequester = about(request.id).filter((m) => m.to.includes("noah@example.com"));
    expect(toRequester.map((m) => m.subject)).toEqual(["[Frontdesk] Your request for Operator in Sandbox: denied"]);
    expect(toRequester[0]!.text.split("\n")[0]).toBe("Your request for Operator in Sandbox was denied by carol. Comment: “Use the runbook instead”");
    expect(about(request.id).filter((m) => m.subject.endsWith(": denied") && m.to.includes("sec-list@example.com"))).toHaveLength(1);
  });

  it("waits out an SMTP outage and then delivers every email exactly once", async () => {
    t.smtp.fail();
    const requester = await t.requester("olive");
    const request = await t.ask(requester, "ops");
    await t.drain();
    await decideRequest(t.deps, { actor: t.bob, requestId: request.id, decision: "APPROVE" });
    await t.drain();
    expect(about(request.id)).toHaveLength(0);
    const admin = { id: "x", email: "admin@example.com", name: "Admin", groups: ["admins"] };
    const stuck = (await listNotificationDeliveries(t.deps, { actor: admin })).deliveries.filter((d) => d.kind === "mail.send");
    // created: the approvers' message; approved: the approvers' and the requester's.
    expect(stuck).toHaveLength(3);
    expect(stuck.map((d) => d.what).sort()).toEqual([
      "Email to bob@example.com, carol@example.com, sec-list@example.com",
      "Email to bob@example.com, carol@example.com, sec-list@example.com",
      "Email to olive@example.com",
    ]);
    // Tried and refused, or (a later mail to the same person) waiting its turn, untried.
    expect(new Set(stuck.map((d) => d.lastError ?? "waiting"))).toEqual(new Set(["The mail server refused the message (SMTP 421).", "waiting"]));

    t.smtp.recover();
    for (let i = 0; i < 8; i++) {
      t.advance(10 * 60);
      await t.drain(3);
    }
    const mails = about(request.id);
    // created: one to the approvers and list; approved: that again, and the requester's; reminder: the requester.
    expect(recipients(mails.filter((m) => m.subject.startsWith("[Frontdesk] AWS access request: olive")))).toEqual([
      "bob@example.com",
      "carol@example.com",
      "sec-list@example.com",
    ]);
    expect(recipients(mails.filter((m) => m.subject.endsWith(": active")))).toEqual([
      "bob@example.com",
      "carol@example.com",
      "olive@example.com",
      "sec-list@example.com",
    ]);
    expect(mails.filter((m) => m.subject === "[Frontdesk] Your access to Operator in Sandbox ends soon")).toHaveLength(1);
    expect(mails).toHaveLength(4);
    expect(new Set(mails.map((m) => m.headers["message-id"])).size).toBe(4);
  });
});
