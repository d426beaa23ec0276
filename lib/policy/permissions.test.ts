import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import type { Actor } from "./access";
import { assertCan, can, canEvery, type PermissionAction, type Resource } from "./permissions";

const catalog = parseCatalog(
  `
admins: [admins]
accounts: [{ id: "123456789012", name: A }]
roles:
  - { id: dev, name: Dev, account: "123456789012", arn: "arn:aws:iam::123456789012:role/Dev", maxDuration: 1h, requesters: [eng], approvers: [sec] }
`,
  "t.yaml",
);
const ruleId = catalog.rules[0]!.id;
const person = (id: string, groups: string[], email = `${id}@example.com`): Actor => ({ id, name: id, email, groups });
const alice = person("alice", ["eng"]);
const aliceSaml = person("alice-saml", ["sec"], "ALICE@example.com");
const bob = person("bob", ["sec"]);
const root = person("root", ["admins"]);
const eve = person("eve", []);
const mine: Resource = { request: { ruleId, requesterId: alice.id, requesterEmail: alice.email } };
const orphan: Resource = { request: { ruleId: "gone", requesterId: alice.id, requesterEmail: alice.email } };
const role: Resource = { role: catalog.roles[0]! };

type Row = [PermissionAction, Actor, Resource, boolean];
const table: Row[] = [
  ["role.request", alice, role, true],
  ["role.request", bob, role, false],
  ["role.request", alice, null, false],
  ["request.view", alice, mine, true],
  ["request.view", bob, mine, true],
  ["request.view", root, mine, true],
  ["request.view", eve, mine, false],
  ["request.decide", bob, mine, true],
  ["request.decide", root, mine, false],
  ["request.decide", aliceSaml, mine, false],
  ["request.decide", bob, orphan, false],
  ["request.decide", bob, null, false],
  ["request.cancel", alice, mine, true],
  ["request.cancel", aliceSaml, mine, false],
  ["request.cancel", bob, mine, false],
  ["request.nudge", alice, mine, true],
  ["request.nudge", aliceSaml, mine, false],
  ["request.nudge", bob, mine, false],
  ["request.end", alice, mine, true],
  ["request.end", bob, mine, false],
  ["request.extend", alice, mine, true],
  ["request.extend", root, mine, false],
  ["request.use", alice, mine, true],
  ["request.use", bob, mine, false],
  ["request.revoke", bob, mine, true],
  ["request.revoke", root, mine, true],
  ["request.revoke", alice, mine, false],
  ["request.revoke", aliceSaml, mine, false],
  ["request.revoke", eve, mine, false],
  ["request.oversee", bob, mine, true],
  ["request.oversee", root, mine, true],
  ["request.oversee", aliceSaml, mine, true],
  ["request.oversee", alice, mine, false],
  ["review.complete", bob, mine, true],
  ["review.complete", root, orphan, true],
  ["review.complete", aliceSaml, mine, false],
  ["approvals.view", bob, null, true],
  ["approvals.view", root, null, true],
  ["approvals.view", alice, null, false],
  ...(
    [
      "audit.view",
      "audit.export",
      "audit.verify",
      "catalog.view",
      "catalog.check-roles",
      "signing-keys.view",
      "notifications.view",
      "notifications.manage",
      "sessions.end",
      "tokens.view-all",
    ] as const
  ).flatMap((action): Row[] => [
    [action, root, null, true],
    [action, bob, null, false],
    [action, alice, null, false],
  ]),
  ["token.revoke", alice, { token: { ownerId: alice.id } }, true],
  ["token.revoke", bob, { token: { ownerId: alice.id } }, false],
  ["token.revoke", root, { token: { ownerId: alice.id } }, true],
  ["token.revoke", alice, null, false],
];

describe("can", () => {
  it.each(table)("%s by %s → %s", (action, actor, resource, allowed) => {
    expect(can(actor, action, resource, catalog)).toBe(allowed);
  });

  it("fails closed on an action that is not in the table", () => {
    expect(can(root, "audit.delete" as PermissionAction, null, catalog)).toBe(false);
  });
});

describe("assertCan", () => {
  it("refuses as not found, whatever the record or page", () => {
    const notFound = expect.objectContaining({ code: "NOT_FOUND" });
    expect(() => assertCan(eve, "request.view", mine, catalog)).toThrow(AppError);
    expect(() => assertCan(eve, "request.view", mine, catalog)).toThrow(notFound);
    expect(() => assertCan(bob, "audit.view", null, catalog)).toThrow(notFound);
    expect(() => assertCan(root, "audit.view", null, catalog)).not.toThrow();
  });
});

describe("canEvery: several roles acted on as one request", () => {
  const set: [string, Actor, Resource[], boolean][] = [
    ["an approver of every role", bob, [mine, mine], true],
    ["one role whose rule has gone", bob, [mine, orphan], false],
    ["an admin, on any set", root, [mine, orphan], true],
    ["the requester themselves", alice, [mine, mine], false],
    ["nothing to act on", root, [], false],
  ];
  it.each(set)("request.revoke by %s", (_name, actor, resources, allowed) => {
    expect(canEvery(actor, "request.revoke", resources, catalog)).toBe(allowed);
  });
});
