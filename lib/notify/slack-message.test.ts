import { describe, expect, it } from "vitest";
import { requestMail } from "./mail-message";
import type { CatalogAccount, CatalogRole, CatalogRule } from "@/lib/catalog/schema";
import { tallyApprovals } from "@/lib/policy/approval-tally";
import type { RequestView } from "@/lib/requests/request-view";
import { APPROVE_ACTION, DENY_ACTION, eventReply, requestMessage, requesterMessage } from "./slack-message";

const now = new Date("2026-03-02T09:00:00Z");
const alice = { id: "u-alice", name: "Alice <!channel>", email: "alice@example.com" };
const bob = { id: "u-bob", name: "Bob", email: "bob@example.com" };

type ViewOverrides = Partial<Omit<RequestView, "reviews" | "role" | "account">> & {
  account?: { id: string; name: string };
  reviews?: { reviewer: typeof bob; decision: "APPROVE" | "DENY"; comment: string | null; at: Date }[];
  role?: { id: string; name: string };
};

// Built the way toRequestView builds it: the tally counts the approvals (the rule lets everyone approve).
function view(overrides: ViewOverrides = {}): RequestView {
  const { reviews = [], role = { id: "dev", name: "Developer" }, account = { id: "123456789012", name: "Sandbox" }, ...rest } = overrides;
  const base = {
    id: "req1",
    ruleId: "dev",
    kind: "STANDARD" as const,
    extendsId: null,
    status: "PENDING" as const,
    requester: alice,
    durationSeconds: 7200,
    requestedStartAt: null,
    startsAt: null,
    endsAt: null,
    createdAt: now,
    decidedAt: null,
    ticket: "INC-42",
    justification: "Fix <@U999> deploy & check https://evil.example @here",
    requiredApprovals: 1,
    closedAt: null,
    closedBy: null,
    closeReason: null,
    scheduled: false,
    issuances: [],
    rule: null,
    set: null,
    ...rest,
  };
  const tallyReviews = reviews.map((r) => ({ decision: r.decision, reviewer: { ...r.reviewer, groups: ["approvers"] } }));
  const anyoneApproves = { approvers: { groups: ["approvers"], users: [] } } as unknown as CatalogRule;
  const approvals = tallyApprovals({ status: base.status, requiredApprovals: base.requiredApprovals, reviews: tallyReviews }, anyoneApproves);
  return {
    ...base,
    role: role as CatalogRole,
    account: account as CatalogAccount,
    roleId: role.id,
    accountId: account.id,
    roleName: role.name,
    accountName: account.name,
    requiredApprovals: approvals.required,
    approvals,
    reviews: reviews.map((r) => ({ reviewer: r.reviewer, decision: r.decision, comment: r.comment, createdAt: r.at })),
  };
}

type Block = { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: Record<string, unknown>[]; block_id?: string };
const blocksOf = (m: { blocks: unknown[] }) => m.blocks as Block[];
const allText = (m: { text: string; blocks: unknown[] }) => JSON.stringify(m);
const actions = (m: { blocks: unknown[] }) => blocksOf(m).find((b) => b.type === "actions")?.elements ?? [];

describe("requestMessage", () => {
  const options = { portalUrl: "https://frontdesk.example.com", interactive: false, now };

  it("shows requester, account, role, duration, projected end, ticket and justification", () => {
    const message = requestMessage(view(), options);
    const fields =
      blocksOf(message)
        .find((b) => b.fields)
        ?.fields?.map((f) => f.text) ?? [];
    expect(fields).toEqual([
      "*Requester*\nAlice &lt;!channel&gt; (alice@\u2060example\u2060.com)",
      "*Account*\nSandbox (`123456789012`)",
      "*Role*\nDeveloper",
      "*Duration*\n2 h",
      "*Would end*\n<!date^1772449200^{date_short_pretty} {time}|2 Mar 2026, 11:00 UTC> if approved now",
      "*Ticket*\nINC-42",
    ]);
    expect(allText(message)).toContain("*Justification*\\n>Fix &lt;@\u2060U999&gt; deploy &amp; check https:\u2060//evil\u2060.example @\u2060here");
    expect(message.text).toBe("AWS access request: Alice &lt;!channel&gt; → Developer in Sandbox for 2 h (pending)");
  });

  it("never lets people's text produce a mention, special mention or link", () => {
    const message = requestMessage(view({ justification: "<!here> <@U1|x> <http://a|b>", ticket: "<!everyone>" }), options);
    const text = allText(message);
    for (const forbidden of ["<!here>", "<@U1", "<http://a", "<!everyone>", "<!channel>"]) expect(text).not.toContain(forbidden);
  });

  it("links Approve and Deny to the request's page with the action pre-selected", () => {
    const buttons = actions(requestMessage(view(), options));
    expect(buttons.map((b) => [b.action_id, b.url, b.style])).toEqual([
      ["frontdesk.link.approve", "https://frontdesk.example.com/requests/req1?action=approve", "primary"],
      ["frontdesk.link.deny", "https://frontdesk.example.com/requests/req1?action=deny", "danger"],
      ["frontdesk.link.open", "https://frontdesk.example.com/requests/req1", undefined],
    ]);
  });

  it("uses real buttons with a confirmation when the rule allows deciding from Slack", () => {
    const buttons = actions(requestMessage(view(), { ...options, interactive: true }));
    expect(buttons.map((b) => [b.action_id, b.value, b.url])).toEqual([
      [APPROVE_ACTION, "req1", undefined],
      [DENY_ACTION, "req1", undefined],
      ["frontdesk.link.open", undefined, "https://frontdesk.example.com/requests/req1"],
    ]);
    expect(buttons[0]?.confirm).toMatchObject({ title: { text: "Approve access?" } });
  });

  it("drops the decision buttons and says who decided once the request is decided", () => {
    const approved = view({
      status: "ACTIVE",
      startsAt: now,
      endsAt: new Date("2026-03-02T11:00:00Z"),
      decidedAt: now,
      reviews: [{ reviewer: bob, decision: "APPROVE", comment: null, at: now }],
    });
    const message = requestMessage(approved, options);
    expect(actions(message).map((b) => b.action_id)).toEqual(["frontdesk.link.open"]);
    const context = blocksOf(message).find((b) => b.type === "context")?.elements?.[0]?.text;
    expect(context).toBe(":large_green_circle: Approved by *Bob*; active until <!date^1772449200^{date_short_pretty} {time}|2 Mar 2026, 11:00 UTC>.");
    expect(allText(message)).toContain("*Ends*");
    const denied = requestMessage(
      view({ status: "DENIED", decidedAt: now, reviews: [{ reviewer: bob, decision: "DENY", comment: "No <!here>", at: now }] }),
      options,
    );
    expect(blocksOf(denied).find((b) => b.type === "context")?.elements?.[0]?.text).toContain("Denied by *Bob*");
    expect(allText(denied)).not.toContain("<!here>");
  });

  it("gives each version of the message its own actions block id, within Slack's limits", () => {
    const a = blocksOf(requestMessage(view(), options)).find((b) => b.type === "actions")?.block_id;
    const b = blocksOf(requestMessage(view({ status: "DENIED" }), options)).find((x) => x.type === "actions")?.block_id;
    expect(a).not.toBe(b);
    const long = requestMessage(view({ justification: "x".repeat(5000), requester: { ...alice, name: "n".repeat(500) } }), options);
    for (const block of blocksOf(long)) {
      if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
      for (const f of block.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
    }
  });
});

describe("eventReply and requesterMessage", () => {
  it("records who did what in the thread", () => {
    const denied = view({ status: "DENIED", reviews: [{ reviewer: bob, decision: "DENY", comment: "Use <#C1> instead", at: now }] });
    expect(eventReply(denied, "denied", bob, now).text).toBe("Denied by *Bob*. Comment: “Use &lt;#C1&gt; instead”");
    expect(eventReply(view({ status: "EXPIRED" }), "expired", null, now).text).toBe("Expired: nobody decided in time.");
    expect(eventReply(view(), "revoked", bob, now).text).toContain("Access revoked by *Bob* at <!date^");
  });

  it("tells the requester the outcome, and reminds them before the end, with a link", () => {
    const active = view({
      status: "ACTIVE",
      startsAt: now,
      endsAt: new Date("2026-03-02T11:00:00Z"),
      reviews: [{ reviewer: bob, decision: "APPROVE", comment: null, at: now }],
    });
    const approved = requesterMessage(active, "approved", bob, "https://frontdesk.example.com");
    expect(approved.text).toContain("Your request for Developer in Sandbox was approved by *Bob*. Access is active until");
    expect(actions(approved)[0]?.url).toBe("https://frontdesk.example.com/requests/req1");
    expect(requesterMessage(active, "reminder", null, "https://frontdesk.example.com").text).toMatch(
      /^Your access to Developer in Sandbox ends <!date\^1772449200/,
    );
  });
});

describe("requestMail", () => {
  it("carries the same facts and links, in plain text and escaped HTML, with a one-line subject", () => {
    const mail = requestMail(view({ role: { id: "dev", name: "Dev\r\nBcc: x@evil" } }), "created", alice, {
      audience: "approver",
      portalUrl: "https://frontdesk.example.com",
      now,
    });
    expect(mail.subject).toBe("[Frontdesk] AWS access request: Alice <!channel> → Dev Bcc: x@evil in Sandbox for 2 h");
    expect(mail.text).toContain("Approve: https://frontdesk.example.com/requests/req1?action=approve");
    expect(mail.text).toContain("Deny: https://frontdesk.example.com/requests/req1?action=deny");
    expect(mail.text).toContain("Would end: 2 Mar 2026, 11:00 UTC if approved now");
    expect(mail.text).toContain("Ticket: INC-42");
    expect(mail.text).toContain("  Fix <@U999> deploy & check https://evil.example @here");
    expect(mail.html).toContain("Fix &lt;@U999&gt; deploy &amp; check");
    expect(mail.html).not.toContain("<!channel>");
  });

  it("sends requesters only the link to their request", () => {
    const mail = requestMail(view({ status: "DENIED", reviews: [{ reviewer: bob, decision: "DENY", comment: "Not now", at: now }] }), "denied", bob, {
      audience: "requester",
      portalUrl: "https://frontdesk.example.com",
      now,
    });
    expect(mail.subject).toBe("[Frontdesk] Your request for Developer in Sandbox: denied");
    expect(mail.text.split("\n")[0]).toBe("Your request for Developer in Sandbox was denied by Bob. Comment: “Not now”");
    expect(mail.text).not.toContain("action=approve");
  });

  it("writes times in the recipient's own zone when Frontdesk knows it", () => {
    const mail = requestMail(view({}), "created", alice, { audience: "approver", portalUrl: "https://frontdesk.example.com", now, zone: "Asia/Tokyo" });
    expect(mail.text).toContain("Would end: 2 Mar 2026, 20:00 GMT+9 if approved now");
  });
});
