// Against real PostgreSQL: NUL and hidden characters in ids and text are refused with a message
// (never an internal error) and the refusal is audited; text stored before the rule existed is shown
// to approvers with its hidden characters made visible, on the page, in email and in Slack.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestMail } from "@/lib/notify/mail-message";
import { loadRequestView } from "@/lib/requests/request-view";
import { requestMessage } from "@/lib/notify/slack-message";
import type { Actor } from "@/lib/policy/access";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { completeReview } from "@/lib/requests/complete-review";
import { createRequest } from "@/lib/requests/create-request";
import { decideRequest } from "@/lib/requests/decide-request";
import { endRequest } from "@/lib/requests/end-request";
import { getRequestForViewer } from "@/lib/requests/queries";
import { revokeRequest } from "@/lib/requests/revoke-request";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { refusal } from "@/lib/testing/refusal";

let h: Harness;
let requester: Actor;
let approver: Actor;

beforeAll(async () => {
  h = await createHarness({ withMoto: false });
  requester = await h.person("nul-requester", ["engineering"]);
  approver = await h.person("nul-approver", ["security"]);
});
afterAll(() => h?.close());

const refusedRows = (action: string) => h.db.auditEvent.count({ where: { action, result: "refused" } });
const ask = { roleId: "dev", justification: "Investigating the incident", durationMinutes: "60" };

describe("NUL in an id or a text field", () => {
  it("roleId, extendsId and justification: refused with a message naming the field, audited, nothing stored", async () => {
    const before = await h.db.accessRequest.count();
    const audited = await refusedRows("request.create");
    for (const [field, value, message] of [
      ["roleId", "dev\u0000", /^The role contains a control character/],
      ["extendsId", "abc\u0000", /^The access to extend contains a control character/],
      ["justification", "Fix \u0000 now", /^The justification contains a control character/],
      ["justification", "Fix \u202Edaer-dorp", /^The justification contains an invisible or text-direction character/],
      ["ticket", "OPS-1\u200B", /ticket/i],
    ] as const) {
      const error = await refusal(createRequest(h, { actor: requester, input: { ...ask, [field]: value } }));
      expect(error.code, field).toBe("INVALID_INPUT");
      expect(error.fieldErrors[field], field).toMatch(message);
    }
    expect(await h.db.accessRequest.count()).toBe(before);
    expect(await refusedRows("request.create")).toBe(audited + 5);
    // The refusal row keeps what was sent, with the NUL replaced so that the row itself can be written.
    expect(await h.db.auditEvent.count({ where: { action: "request.create", result: "refused", targetId: "dev\uFFFD" } })).toBe(1);
  });

  it("a requestId with NUL, for decide, revoke, cancel, end and review: refused and audited, never an internal error", async () => {
    const id = "cm\u0000x";
    const cases = [
      ["request.decide", () => decideRequest(h, { actor: approver, requestId: id, decision: "APPROVE" })],
      ["request.revoke", () => revokeRequest(h, { actor: approver, requestId: id, reason: "Leaving the team" })],
      ["request.cancel", () => cancelRequest(h, { actor: requester, requestId: id })],
      ["request.end", () => endRequest(h, { actor: requester, requestId: id })],
      ["review-task.complete", () => completeReview(h, { actor: approver, requestId: id, notes: "Checked the logs, all fine." })],
    ] as const;
    for (const [action, call] of cases) {
      const audited = await refusedRows(action);
      const error = await refusal(call());
      expect(error.code, action).toBe("INVALID_INPUT");
      expect(error.userMessage, action).toMatch(/control character/);
      expect(await refusedRows(action), action).toBe(audited + 1);
    }
    expect(await getRequestForViewer(h, approver, id)).toBeNull();
  });
});

describe("text stored before the rule (hidden characters already in the database)", () => {
  it("is shown with them made visible on the page, in email and in Slack", async () => {
    const request = await createRequest(h, { actor: requester, input: ask });
    // A row written before input hardening existed.
    await h.db.accessRequest.update({ where: { id: request.id }, data: { justification: "read-only fix \u202Edaer-dorp\u200B", ticket: "OPS\u20661" } });

    const page = await getRequestForViewer(h, approver, request.id);
    expect(page?.request.justification).toBe("read-only fix ⟦U+202E⟧daer-dorp⟦U+200B⟧");
    expect(page?.request.ticket).toBe("OPS⟦U+2066⟧1");

    const view = (await loadRequestView(h.db, h.catalog, request.id, h.now()))!;
    const slack = JSON.stringify(requestMessage(view, { portalUrl: "https://frontdesk.example", interactive: false, now: h.now() }));
    expect(slack).toContain("⟦U+202E⟧daer-dorp⟦U+200B⟧");
    expect(slack).not.toMatch(/\u202E|\u200B|\u2066/);
    const mail = requestMail(view, "created", null, { audience: "approver", portalUrl: "https://frontdesk.example", now: h.now() });
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain("⟦U+202E⟧daer-dorp⟦U+200B⟧");
      expect(body).not.toMatch(/\u202E|\u200B|\u2066/);
    }
  });
});
