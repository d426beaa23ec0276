// What the reminder and escalation emails say, as the SMTP sink receives them: who gets them, the
// subject, the sentence with the expiry in the recipient's words, the request's details and the
// deep links to decide. The backup approvers hear only at escalation, and only once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import type { Actor } from "@/lib/policy/access";
import { createTestbed, NOTIFY_CATALOG, PORTAL, type Testbed } from "@/lib/testing/notify-kit";
import { formatDateTime } from "@/lib/time/format";

const CATALOG = NOTIFY_CATALOG.replace(
  "      email: { approvers: true, to: [sec-list@example.com] }\n",
  "      email: { approvers: true, to: [sec-list@example.com] }\n    pendingTimeout: 2h\n    escalation: { remindBefore: 30m, after: 45m, to: { users: [dave@example.com] } }\n",
);

let t: Testbed;
let dave: Actor;

beforeAll(async () => {
  t = await createTestbed();
  t.deps.catalog = parseCatalog(CATALOG, "reminder-mail.yaml");
  dave = await t.requester("dave");
});
afterAll(() => t.close());

const about = (requestId: string) => t.smtp.mails.filter((m) => m.text.includes(`/requests/${requestId}`));

describe("reminder and escalation emails", () => {
  it("asks the backup approver after the delay, then reminds the approvers before expiry, each with the request and links", async () => {
    const erin = await t.requester("erin");
    const request = await t.ask(erin, "ops", { justification: "Restart the stuck payment workers" });
    const expires = new Date(t.h.clock.now.getTime() + 2 * 3600_000);
    await t.drain();
    const created = about(request.id);
    expect(created.flatMap((m) => m.to)).not.toContain(dave.email);

    // 45 minutes: nobody decided, the backup approver is asked, by email too.
    t.advance(45 * 60);
    await t.drain();
    const escalation = about(request.id).filter((m) => !created.includes(m));
    const toDave = escalation.filter((m) => m.to.includes(dave.email));
    expect(toDave).toHaveLength(1);
    const mail = toDave[0]!;
    expect(mail.subject).toBe("[Frontdesk] AWS access request by erin (Operator in Sandbox): pending");
    const when = formatDateTime(expires, null);
    expect(mail.text.split("\n")[0]).toBe(`Nobody has decided yet, so the backup approvers were asked too. It expires ${when}.`);
    expect(mail.text).toContain("Requester: erin <erin@example.com>");
    expect(mail.text).toContain("Role: Operator");
    expect(mail.text).toContain("  Restart the stuck payment workers");
    expect(mail.text).toContain(`Approve: ${PORTAL}/requests/${request.id}?action=approve`);
    expect(mail.text).toContain(`Deny: ${PORTAL}/requests/${request.id}?action=deny`);
    expect(mail.html).toContain(`<a href="${PORTAL}/requests/${request.id}?action=approve">Approve</a>`);
    expect(mail.html).toContain("Nobody has decided yet, so the backup approvers were asked too.");

    // 90 minutes: 30 minutes before it expires, the approvers (and the rule's list) are reminded.
    t.advance(45 * 60);
    await t.drain();
    const reminders = about(request.id).filter((m) => !created.includes(m) && !escalation.includes(m));
    expect(reminders.flatMap((m) => m.to).sort()).toEqual(["bob@example.com", "carol@example.com", "sec-list@example.com"]);
    for (const reminder of reminders) {
      expect(reminder.subject).toBe("[Frontdesk] AWS access request by erin (Operator in Sandbox): pending");
      expect(reminder.text.split("\n")[0]).toBe(`Reminder: still waiting for an approval; it expires ${when} if nobody decides.`);
      expect(reminder.text).toContain(`Approve: ${PORTAL}/requests/${request.id}?action=approve`);
      expect(reminder.text).toContain("Ticket: INC-42");
    }
    // The backup approver was asked once, not again with the reminder.
    expect(about(request.id).filter((m) => m.to.includes(dave.email))).toHaveLength(1);
  });
});
