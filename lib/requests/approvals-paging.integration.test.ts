// The approvals queue and its history a page at a time: every request appears once across the
// pages, in order, and the cursor never lets someone see a request they may not decide.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Actor } from "@/lib/policy/access";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { createRequest } from "./create-request";
import { decideRequest } from "./decide-request";
import { HISTORY_PAGE, listDecidedForApprover, listPendingApprovals, PENDING_PAGE } from "./queries";

let h: Harness;
let approver: Actor;
const ids: string[] = [];

beforeAll(async () => {
  h = await createHarness({ withMoto: false });
  approver = await h.person("pager-approver", ["security"]);
  // One more than a page, at distinct instants (the queue is oldest first).
  for (let i = 0; i < PENDING_PAGE + 1; i++) {
    const person = await h.person(`pager-${i}`, ["engineering"]);
    h.clock.now = new Date(h.clock.now.getTime() + 1000);
    ids.push((await createRequest(h, { actor: person, input: { roleId: "dev", justification: `Paging check ${i}`, durationMinutes: 60 } })).id);
  }
}, 120_000);
afterAll(() => h?.close());

it("the queue's next page starts after the last item of the page before, oldest first, each request once", async () => {
  const first = await listPendingApprovals(h, approver);
  expect(first).toHaveLength(PENDING_PAGE);
  const second = await listPendingApprovals(h, approver, { after: first.at(-1)!.id });
  expect([...first, ...second].map((r) => r.id)).toEqual(ids);
  expect(await listPendingApprovals(h, approver, { after: second.at(-1)!.id })).toEqual([]);
});

it("leaves out the approver's own request under another identity, however the email is spelt, and still fills the page", async () => {
  // The requester of the fourth request signs in a second way, as an approver, with the same email
  // spelt otherwise: that is the same person (isSelfReview), who must not see their own request.
  const own = await h.db.accessRequest.findUniqueOrThrow({ where: { id: ids[3]! }, include: { requester: true } });
  const twin = await h.person("pager-twin", ["security"]);
  const spelt = `\t ${own.requester.email.toUpperCase()} `;
  await h.db.user.update({ where: { id: twin.id }, data: { email: spelt } });
  const asTwin = { ...twin, email: spelt };
  const first = await listPendingApprovals(h, asTwin);
  expect(first.map((r) => r.id)).toEqual(ids.filter((id) => id !== own.id).slice(0, PENDING_PAGE));
  expect(await listPendingApprovals(h, asTwin, { after: first.at(-1)!.id })).toEqual([]);
});

it("the history pages the same way, latest decision first", async () => {
  for (const id of ids.slice(0, HISTORY_PAGE + 2)) {
    h.clock.now = new Date(h.clock.now.getTime() + 1000);
    await decideRequest(h, { actor: approver, requestId: id, decision: "DENY", comment: "paging" });
  }
  const first = await listDecidedForApprover(h, approver);
  expect(first).toHaveLength(HISTORY_PAGE);
  const second = await listDecidedForApprover(h, approver, { after: first.at(-1)!.id });
  expect([...first, ...second].map((r) => r.id)).toEqual(ids.slice(0, HISTORY_PAGE + 2).reverse());
});

it("someone who approves nothing gets nothing, whatever cursor they send", async () => {
  const outsider = await h.person("pager-outsider", ["engineering"]);
  expect(await listPendingApprovals(h, outsider, { after: ids[0] })).toEqual([]);
  expect(await listDecidedForApprover(h, outsider, { after: ids[0] })).toEqual([]);
});
