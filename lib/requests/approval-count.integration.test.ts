// The approval count is one rule, shown the same everywhere: an approver who leaves the approver
// groups no longer counts, and the server, the request page's view, the approvals queue, the
// rendered progress, Slack and email all say so with the same numbers.
import { afterAll, beforeAll, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { createElement } from "react";
import { ApprovalProgress } from "@/components/requests/approval-progress";
import { requestMail } from "@/lib/notify/mail-message";
import { requestMessage } from "@/lib/notify/slack-message";
import type { Actor } from "@/lib/policy/access";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { createRequest } from "./create-request";
import { decideRequest } from "./decide-request";
import { getRequestForViewer, listPendingApprovals } from "./queries";
import { loadRequestView } from "./request-view";

let h: Harness;
let eve: Actor;
let lee: Actor;
let sec: Actor;
let cto: Actor;

beforeAll(async () => {
  h = await createHarness({ withMoto: false });
  eve = await h.person("eve", ["engineering"]);
  lee = await h.person("lee", ["leads"]);
  sec = await h.person("sec", ["security"]);
  cto = await h.person("cto", []);
  await h.db.user.update({ where: { id: cto.id }, data: { email: "cto@example.com" } });
  cto.email = "cto@example.com";
});
afterAll(() => h.close());

it("an approval from someone who left the approver groups stops counting, on every surface", async () => {
  const request = await createRequest(h, {
    actor: eve,
    input: { roleId: "prod", justification: "Migrate the orders table", ticket: "OPS-77", durationMinutes: 120 },
  });
  const first = await decideRequest(h, { actor: lee, requestId: request.id, decision: "APPROVE" });
  expect(first.approvals).toMatchObject({ count: 1, required: 2, remaining: 1, met: false });

  // Lee leaves the leads group (the next sign-in brings the IdP's groups); then a second approver approves.
  await h.db.user.update({ where: { id: lee.id }, data: { groups: [] } });
  const second = await decideRequest(h, { actor: sec, requestId: request.id, decision: "APPROVE" });

  // The server: one approval counts, the request still waits.
  expect(second.approvals).toMatchObject({ count: 1, required: 2, remaining: 1, met: false });
  expect(second.request.status).toBe("PENDING");
  const expected = { count: 1, required: 2, remaining: 1, met: false };

  // The request page (requester's view) and the approvals queue.
  const page = await getRequestForViewer(h, eve, request.id);
  expect(page?.request.status).toBe("PENDING");
  expect(page?.request.approvals).toMatchObject(expected);
  expect(page?.request.approvals.approvers.map((a) => [a.name, a.counted])).toEqual([
    [lee.name, false],
    [sec.name, true],
  ]);
  const queue = await listPendingApprovals(h, cto);
  expect(queue.find((r) => r.id === request.id)?.approvals).toMatchObject(expected);

  // The rendered progress the page and the queue show.
  const html = renderToStaticMarkup(createElement(ApprovalProgress, { request: page!.request }));
  expect(html).toContain("1 of 2 approvals");
  expect(html).not.toContain(lee.name);

  // Slack and email, built from the view every notification reads.
  const view = await loadRequestView(h.db, h.catalog, request.id, h.now());
  expect(view?.approvals).toMatchObject(expected);
  const slack = JSON.stringify(requestMessage(view!, { portalUrl: "https://frontdesk.example.com", interactive: false, now: h.now() }));
  expect(slack).toContain("*Approvals*\\n1 of 2");
  expect(slack).not.toContain("2 of 2");
  const mail = requestMail(view!, "reminder", null, { audience: "approver", portalUrl: "https://frontdesk.example.com", now: h.now() });
  expect(mail.text).toContain("Waiting for approval: 1 of 2");
  expect(mail.text).not.toContain("2 of 2");
});
