import { describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import type { Actor } from "./access";
import { evaluateDecisionRights, evaluateDecisionState, evaluateExtension, evaluateRevoke } from "./evaluate-decision";

const catalog = parseCatalog(
  `
accounts: [{ id: "123456789012", name: A }]
roles:
  - { id: dev, name: Dev, account: "123456789012", arn: "arn:aws:iam::123456789012:role/Dev", maxDuration: 4h }
rules:
  - { id: plain, roles: [dev], requesters: [eng], approvers: [sec] }
  - { id: strict, roles: [dev], requesters: [eng], approvers: [sec], mfa: { approve: true }, denyComment: required }
  - id: slack
    roles: [dev]
    requesters: [eng]
    approvers: [sec]
    notify: { slack: { channels: ["#x"], interactive: true } }
`,
  "t.yaml",
);
const rule = (id: string) => catalog.rules.find((r) => r.id === id)!;
const now = new Date("2026-06-01T12:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const bob: Actor = { id: "bob", name: "Bob", email: "bob@example.com", groups: ["sec"], authTime: minutesAgo(5), mfa: false };
const alice = { requesterId: "alice", requesterEmail: "alice@example.com" };

const rights = (over: Partial<Parameters<typeof evaluateDecisionRights>[0]> = {}) =>
  evaluateDecisionRights({
    actor: bob,
    request: alice,
    rule: rule("plain"),
    roleName: "Dev",
    decision: "APPROVE",
    comment: undefined,
    via: "portal",
    now,
    recentAuthSeconds: 3600,
    ...over,
  })?.code ?? null;

describe("evaluateDecisionRights", () => {
  it.each([
    ["an approver, recently signed in", {}, null],
    ["no such request", { request: null }, "NOT_FOUND"],
    ["a rule gone from the catalog", { rule: undefined }, "NOT_FOUND"],
    ["a role gone from the catalog", { roleName: null }, "NOT_FOUND"],
    ["not an approver of the rule", { actor: { ...bob, groups: ["eng"] } }, "NOT_FOUND"],
    ["their own request", { request: { requesterId: "bob", requesterEmail: "bob@example.com" } }, "FORBIDDEN"],
    ["their own request under another identity", { request: { requesterId: "bob-2", requesterEmail: "BOB@example.com" } }, "FORBIDDEN"],
    ["a stale sign-in", { actor: { ...bob, authTime: minutesAgo(61) } }, "REAUTH_REQUIRED"],
    ["no sign-in time at all", { actor: { ...bob, authTime: null } }, "REAUTH_REQUIRED"],
    ["a sign-in from the future", { actor: { ...bob, authTime: new Date(now.getTime() + 5 * 60_000) } }, "REAUTH_REQUIRED"],
    ["from Slack where the rule does not allow it", { via: "slack" as const }, "FORBIDDEN"],
    ["from Slack where the rule allows it, stale portal sign-in", { via: "slack" as const, rule: rule("slack"), actor: { ...bob, authTime: null } }, null],
    ["MFA rule without MFA", { rule: rule("strict") }, "MFA_REQUIRED"],
    ["MFA rule with MFA", { rule: rule("strict"), actor: { ...bob, mfa: true } }, null],
    ["a deny without the comment the rule requires", { rule: rule("strict"), actor: { ...bob, mfa: true }, decision: "DENY" as const }, "INVALID_INPUT"],
    ["a deny with its comment", { rule: rule("strict"), actor: { ...bob, mfa: true }, decision: "DENY" as const, comment: "no" }, null],
  ])("%s → %s", (_name, over, code) => {
    expect(rights(over)).toBe(code);
  });
});

describe("evaluateDecisionState", () => {
  const state = (over: Partial<Parameters<typeof evaluateDecisionState>[0]> = {}) => {
    const outcome = evaluateDecisionState({
      status: "PENDING",
      createdAt: minutesAgo(10),
      pendingTimeoutSeconds: 3600,
      decision: "APPROVE",
      earlier: null,
      now,
      ...over,
    });
    return outcome.kind === "refused" ? `refused: ${outcome.refusal.code}` : outcome.kind;
  };
  it.each([
    ["pending, first decision", {}, "decide"],
    ["the same decision again", { earlier: "APPROVE" as const }, "repeat"],
    ["the same decision again after the request moved on", { earlier: "APPROVE" as const, status: "ACTIVE" as const }, "repeat"],
    ["a changed mind", { earlier: "DENY" as const }, "refused: CONFLICT"],
    ["already denied", { status: "DENIED" as const }, "refused: CONFLICT"],
    ["cancelled", { status: "CANCELLED" as const }, "refused: CONFLICT"],
    ["past its pending timeout", { createdAt: minutesAgo(61) }, "refused: CONFLICT"],
  ])("%s → %s", (_name, over, expected) => {
    expect(state(over)).toBe(expected);
  });
});

describe("evaluateExtension", () => {
  const grant = { status: "ACTIVE" as const, startsAt: minutesAgo(60), endsAt: new Date(now.getTime() + 60 * 60_000) };
  it.each([
    ["an hour more on a running grant", { grant, extensionSeconds: 3600 }, "ok"],
    ["up to the rule's maximum exactly", { grant, extensionSeconds: 2 * 3600 }, "ok"],
    ["beyond the rule's maximum", { grant, extensionSeconds: 2 * 3600 + 60 }, "CONFLICT"],
    ["a grant that has ended", { grant: { ...grant, endsAt: minutesAgo(1) }, extensionSeconds: 600 }, "CONFLICT"],
    ["a revoked grant", { grant: { ...grant, status: "REVOKED" as const }, extensionSeconds: 600 }, "CONFLICT"],
  ])("%s → %s", (_name, over, expected) => {
    const result = evaluateExtension({ maxTotalSeconds: 4 * 3600, now, ...over });
    expect(result.ok ? "ok" : result.refusal.code).toBe(expected);
  });

  it("says how much can still be added", () => {
    const result = evaluateExtension({ grant, extensionSeconds: 3 * 3600, maxTotalSeconds: 4 * 3600, now });
    expect(result.ok ? "" : result.refusal.message).toContain("at most 2 h more can be added");
  });
});

describe("evaluateRevoke", () => {
  const revoke = (over: Partial<Parameters<typeof evaluateRevoke>[0]> = {}) =>
    evaluateRevoke({ actor: bob, request: alice, mayRevoke: true, now, recentAuthSeconds: 3600, ...over })?.code ?? null;
  it.each([
    ["an approver, recently signed in", {}, null],
    ["their own access", { request: { requesterId: "bob", requesterEmail: "bob@example.com" } }, "FORBIDDEN"],
    ["no such request", { request: null }, "NOT_FOUND"],
    ["someone without the right", { mayRevoke: false }, "NOT_FOUND"],
    ["a stale sign-in", { actor: { ...bob, authTime: minutesAgo(120) } }, "REAUTH_REQUIRED"],
  ])("%s → %s", (_name, over, code) => {
    expect(revoke(over)).toBe(code);
  });
});
