// Roles asked for together, seen as one: the request page's timeline is the whole set's (a step taken
// for every role is one line; what happened to one role names it), and break glass on several roles
// is one activation with one review, completed only by someone who reviews every one of the roles.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueCredentials } from "@/lib/access/issue-access";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import type { Actor } from "@/lib/policy/access";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { refusal } from "@/lib/testing/refusal";
import { completeReview } from "./complete-review";
import { createRequestSet } from "./create-request-set";
import { decideRequest } from "./decide-request";
import { getRequestForViewer, listReviewTasks } from "./queries";

const CATALOG = `
admins: [admins]
accounts: [{ id: "111111111111", name: Tooling }, { id: "222222222222", name: Payments }]
roles:
  - { id: dev, name: Developer, account: "111111111111", arn: "arn:aws:iam::111111111111:role/Dev", maxDuration: 4h }
  - { id: logs, name: Logs, account: "222222222222", arn: "arn:aws:iam::222222222222:role/Logs", maxDuration: 4h }
rules:
  - { id: dev-rule, roles: [dev], requesters: [engineering], approvers: [security, leads], breakGlass: { groups: [oncall] } }
  - { id: logs-rule, roles: [logs], requesters: [engineering], approvers: [security], breakGlass: { groups: [oncall] } }
`;

let h: Harness;
let eve: Actor, tim: Actor, sec: Actor, lead: Actor, root: Actor;

beforeAll(async () => {
  h = await createHarness();
  h.catalog = parseCatalog(CATALOG, "set-review-catalog.yaml");
  eve = await h.person("eve", ["engineering", "oncall"]);
  sec = await h.person("sec", ["security"]);
  lead = await h.person("lead", ["leads"]);
  root = await h.person("root", ["admins"]);
  tim = await h.person("tim", ["engineering"]);
});
afterAll(() => h.close());

const ask = (roleIds: string[], extra: Record<string, unknown> = {}) => ({ roleIds, justification: "Payments are failing", durationMinutes: 60, ...extra });
const NOTES = "Checked CloudTrail for every session of the activation";
const lines = (events: { action: string; roles: string[] | null }[]) => events.map((e) => (e.roles ? `${e.roles.join(",")}: ${e.action}` : e.action));

describe("a set's timeline", () => {
  it("is the whole set's on every role's page: shared steps once, one role's steps named", async () => {
    const members = await createRequestSet(h, { actor: tim, input: ask(["dev", "logs"]) });
    await decideRequest(h, { actor: sec, requestId: members[0]!.id, decision: "APPROVE" });
    await issueCredentials(h, { actor: tim, requestId: members[1]!.id });

    const fromSecond = await getRequestForViewer(h, tim, members[1]!.id);
    const fromFirst = await getRequestForViewer(h, sec, members[0]!.id);
    const expected = ["request.created", "request.approved", "request.activated", "Logs: access.credentials-issued"];
    expect(lines(fromSecond!.events)).toEqual(expect.arrayContaining(expected));
    expect(lines(fromSecond!.events).filter((l) => l === "request.created")).toHaveLength(1);
    expect(lines(fromFirst!.events)).toEqual(lines(fromSecond!.events));
    // The credentials issued for Logs are on Developer's page too, and say which role they were for.
    expect(fromFirst!.events.find((e) => e.action === "access.credentials-issued")?.roles).toEqual(["Logs"]);
  });

  it("of a single request is that request's own, without role labels", async () => {
    const [single] = await createRequestSet(h, { actor: await h.person("solo", ["engineering"]), input: ask(["logs"]) });
    const found = await getRequestForViewer(h, sec, single!.id);
    expect(found!.events.map((e) => e.action)).toEqual(["request.created"]);
    expect(found!.events[0]!.roles).toBeNull();
  });
});

describe("break glass on several roles", () => {
  it("opens one review for the set, which someone reviewing every role completes for all of them", async () => {
    const members = await createRequestSet(h, { actor: eve, input: ask(["dev", "logs"], { breakGlass: true }) });
    expect(members.map((m) => m.status)).toEqual(["ACTIVE", "ACTIVE"]);
    const ids = members.map((m) => m.id);
    const tasks = await h.db.reviewTask.findMany({ where: { requestId: { in: ids } } });
    expect(tasks).toHaveLength(1);
    // The approvals page lists it once; each role's page shows the same open review.
    expect((await listReviewTasks(h, sec)).filter((t) => ids.includes(t.request.id))).toHaveLength(1);
    for (const id of ids) {
      const found = await getRequestForViewer(h, sec, id);
      expect(found!.related.reviewTask).toMatchObject({ id: tasks[0]!.id, status: "OPEN" });
      expect(found!.permissions.canCompleteReview).toBe(true);
    }

    // The rules are not weakened: the person who broke the glass cannot review it, even through the
    // other role; an approver of only one role is refused for the set; someone who may see none is "not found".
    expect(await refusal(completeReview(h, { actor: eve, requestId: ids[1]!, notes: NOTES }))).toMatchObject({ code: "NOT_FOUND" });
    const selfReview = await h.person("eve-approver", ["engineering", "oncall", "security"]);
    const own = await createRequestSet(h, { actor: selfReview, input: ask(["dev", "logs"], { breakGlass: true }) });
    expect(await refusal(completeReview(h, { actor: selfReview, requestId: own[1]!.id, notes: NOTES }))).toMatchObject({ code: "FORBIDDEN" });
    expect((await getRequestForViewer(h, lead, ids[0]!))!.permissions.canCompleteReview).toBe(false);
    expect(await refusal(completeReview(h, { actor: lead, requestId: ids[0]!, notes: NOTES }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await h.db.reviewTask.count({ where: { requestId: { in: ids }, status: "OPEN" } })).toBe(1);

    // An approver of both roles completes it from the second role's page: the set's review is done.
    await completeReview(h, { actor: sec, requestId: ids[1]!, notes: "Checked CloudTrail for both roles" });
    const done = await h.db.reviewTask.findMany({ where: { requestId: { in: ids } } });
    expect(done.map((t) => [t.status, t.completedById, t.notes])).toEqual([["DONE", sec.id, "Checked CloudTrail for both roles"]]);
    for (const id of ids) {
      expect(await h.db.auditEvent.count({ where: { requestId: id, action: "review-task.completed" } })).toBe(1);
      expect((await getRequestForViewer(h, root, id))!.related.reviewTask?.status).toBe("DONE");
    }
    // Completing it again is a conflict, not a second review.
    expect(await refusal(completeReview(h, { actor: root, requestId: ids[0]!, notes: NOTES }))).toMatchObject({ code: "CONFLICT" });
  });
});
