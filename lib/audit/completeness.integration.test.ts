// Every action leaves exactly one audit event: drive the flows (refusals included) and read the
// trail back.
import { afterAll, beforeAll, expect, it } from "vitest";
import { issueConsoleLink, issueCredentials } from "@/lib/access/issue-access";
import { recordSignIn, recordSignInFailure } from "@/lib/auth/record-sign-in";
import { checkCatalogRolesAsAdmin } from "@/lib/catalog/check-catalog-roles";
import { runJobsOnce } from "@/lib/jobs/start-job-loop";
import type { Actor } from "@/lib/policy/access";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { createRequest } from "@/lib/requests/create-request";
import { decideRequest } from "@/lib/requests/decide-request";
import { endRequest } from "@/lib/requests/end-request";
import { revokeRequest } from "@/lib/requests/revoke-request";
import { createHarness, type Harness } from "@/lib/testing/harness";
import { recordCatalogLoaded } from "./record-catalog-loaded";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ withFederation: true });
});
afterAll(() => h.close());

const refused = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable("should be refused"),
    () => undefined,
  );
const later = (minutes: number) => (h.clock.now = new Date(h.clock.now.getTime() + minutes * 60_000));

it("records one event per action, with actor, action, target, result, request and UTC time", async () => {
  const start = h.clock.now;
  await recordCatalogLoaded(h.db, { ...h.catalog, file: "test-catalog.yaml", sha256: "ab".repeat(32) }, h.now());
  const user = await recordSignIn(
    h.db,
    { issuer: "https://idp.test", subject: "s-alice", email: "alice@example.com", name: "Alice", groups: ["engineering"], attributes: {} },
    h.now(),
  );
  const alice: Actor = { id: user.id, email: user.email, name: user.name, groups: user.groups };
  await recordSignInFailure(h.db, { issuer: "https://idp.test", subject: "s-x", reason: "UnverifiedEmail" }, h.now());
  const bob = await h.person("bob", ["security", "engineering"]);
  const root = await h.person("root", ["admins"]);
  const ask = (actor: Actor, roleId = "dev") => createRequest(h, { actor, input: { roleId, justification: "Audit me please", durationMinutes: 60 } });

  const approved = await ask(alice);
  await refused(ask(alice, "admin")); // a role alice may not request
  await decideRequest(h, { actor: bob, requestId: approved.id, decision: "APPROVE", comment: "ok" });
  const own = await ask(bob);
  await refused(decideRequest(h, { actor: bob, requestId: own.id, decision: "APPROVE" })); // self-approval
  await decideRequest(h, { actor: root, requestId: own.id, decision: "DENY" }).catch(() => undefined); // root does not approve: refused
  await issueCredentials(h, { actor: alice, requestId: approved.id });
  await issueConsoleLink(h, { actor: alice, requestId: approved.id });
  await refused(issueCredentials(h, { actor: bob, requestId: approved.id })); // not bob's grant
  await endRequest(h, { actor: alice, requestId: approved.id });

  const denied = await ask(alice);
  await decideRequest(h, { actor: bob, requestId: denied.id, decision: "DENY", comment: "not now" });
  const cancelled = await ask(alice);
  await cancelRequest(h, { actor: alice, requestId: cancelled.id });
  const revoked = await ask(alice, "scoped");
  await decideRequest(h, { actor: bob, requestId: revoked.id, decision: "APPROVE" });
  await revokeRequest(h, { actor: bob, requestId: revoked.id, reason: "Incident over" });
  await ask(alice); // nobody decides this one: it expires
  const windowed = await ask(alice, "scoped");
  await decideRequest(h, { actor: bob, requestId: windowed.id, decision: "APPROVE" });
  await checkCatalogRolesAsAdmin(h, { actor: root });
  later(24 * 60);
  await runJobsOnce(h);

  const events = await h.db.auditEvent.findMany({ orderBy: { seq: "asc" } });
  const summary = events.map((e) => `${e.action}:${e.result}`);
  const count = (entry: string) => summary.filter((s) => s === entry).length;
  const counts = {
    catalogLoaded: count("catalog.loaded:ok"),
    signedIn: count("auth.signed-in:ok"),
    signInRefused: count("auth.sign-in:refused"),
    created: count("request.created:ok"),
    createRefused: count("request.create:refused"),
    approved: count("request.approved:ok"),
    activated: count("request.activated:ok"),
    denied: count("request.denied:ok"),
    decideRefused: count("request.decide:refused"),
    cancelled: count("request.cancelled:ok"),
    revoked: count("request.revoked:ok"),
    ended: count("request.ended:ok"),
    expired: count("request.expired:ok"),
    approversReminded: count("request.approvers-reminded:ok"),
    issueStarted: count("access.issue-started:ok"),
    credentials: count("access.credentials-issued:ok"),
    consoleLinks: count("access.console-link-issued:ok"),
    issueRefused: count("access.issue:refused"),
    rolesChecked: count("catalog.roles-checked:ok"),
  };
  const expected = {
    catalogLoaded: 1,
    signedIn: 1,
    signInRefused: 1,
    created: 7,
    createRefused: 1,
    approved: 3,
    activated: 3,
    denied: 1,
    decideRefused: 2,
    cancelled: 1,
    revoked: 1,
    ended: 2, // alice's "I'm done" and the window that ran out
    expired: 2, // the request nobody decided, and bob's own that nobody else could
    approversReminded: 2, // the same two, an hour before they expired
    issueStarted: 2, // the intent before each of the two STS calls
    credentials: 1,
    consoleLinks: 1,
    issueRefused: 1,
    rolesChecked: 1,
  };
  expect(counts).toEqual(expected);
  // Nothing else was written: every event is one of the actions above.
  expect(events).toHaveLength(Object.values(expected).reduce((a, b) => a + b, 0));

  for (const event of events) {
    expect(event.at.getTime()).toBeGreaterThanOrEqual(start.getTime());
    expect(event.at.toISOString()).toMatch(/Z$/);
    expect(event.targetType).toMatch(/^(catalog|user|identity|role|request|issuance|issuance-intent)$/);
    // A refused create has no request yet; everything else names its request.
    if (/^(request|access)\./.test(event.action) && event.action !== "request.create") expect(event.requestId).toBeTruthy();
  }
  const byAction = (action: string) => events.filter((e) => e.action === action);
  expect(byAction("request.approved")[0]).toMatchObject({ actorId: bob.id, targetId: approved.id, requestId: approved.id });
  expect(
    byAction("request.decide")
      .map((e) => e.actorId)
      .sort(),
  ).toEqual([bob.id, root.id].sort());
  expect(byAction("request.expired").every((e) => e.actorId === null)).toBe(true);
  expect(byAction("access.issue")[0]).toMatchObject({ actorId: bob.id, requestId: approved.id, data: { code: "NOT_FOUND" } });
});
