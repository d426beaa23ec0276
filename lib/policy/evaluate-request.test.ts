// Every rule type, table-driven: what the catalog says decides the outcome of a new request.
import { describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import type { Actor } from "./access";
import { evaluateRequest, type RequestAsked } from "./evaluate-request";

const catalog = parseCatalog(
  `
accounts: [{ id: "123456789012", name: A }]
roles:
  - { id: dev, name: Dev, account: "123456789012", arn: "arn:aws:iam::123456789012:role/Dev", maxDuration: 8h, requesters: [eng], approvers: [sec] }
  - { id: prod, name: Prod, account: "123456789012", arn: "arn:aws:iam::123456789012:role/Prod", maxDuration: 8h }
  - { id: mfa, name: Mfa, account: "123456789012", arn: "arn:aws:iam::123456789012:role/Mfa", maxDuration: 2h }
  - { id: tiny, name: Tiny, account: "123456789012", arn: "arn:aws:iam::123456789012:role/Tiny", maxDuration: 30m }
rules:
  - id: tiny-rule
    roles: [tiny]
    requesters: [eng]
    approvers: [sec]
    breakGlass: { groups: [oncall], maxDuration: 2h }
  - id: prod-rule
    roles: [prod]
    requesters: { groups: [eng, sre], users: [vendor@example.com] }
    approvers: [leads, sec]
    approvals: 2
    maxDuration: 4h
    ticket: { required: true, pattern: "(OPS|INC)-[0-9]+", example: OPS-1234 }
    autoApprove: { groups: [sre], maxDuration: 1h }
    breakGlass: { groups: [oncall], maxDuration: 30m }
  - id: mfa-rule
    roles: [mfa]
    requesters: [eng]
    approvers: [sec]
    ticket: { pattern: "T-[0-9]+" }
    mfa: { request: true }
`,
  "t.yaml",
);

const now = new Date("2026-05-01T10:00:00Z");
const person = (groups: string[], extra: Partial<Actor> = {}): Actor => ({ id: "p", email: "p@example.com", name: "P", groups, ...extra });
const ask = (overrides: Partial<RequestAsked>): RequestAsked => ({
  roleId: "prod",
  durationSeconds: 3600,
  ticket: "OPS-1",
  startAt: null,
  breakGlass: false,
  extending: null,
  ...overrides,
});
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

type Expect = { outcome: string; rule?: string; approvals?: number; startAt?: Date | null } | { refused: string; field: string; message?: RegExp };

const cases: [string, Actor, Partial<RequestAsked>, Expect][] = [
  ["a role's own one-approval rule", person(["eng"]), { roleId: "dev", ticket: null }, { outcome: "PENDING", rule: "dev", approvals: 1 }],
  ["N-of-M: two approvals", person(["eng"]), {}, { outcome: "PENDING", rule: "prod-rule", approvals: 2 }],
  ["a requester named by email", person([], { email: "Vendor@Example.com" }), {}, { outcome: "PENDING", rule: "prod-rule" }],
  ["no requester group: looks like no such role", person(["sec"]), {}, { refused: "FORBIDDEN", field: "roleId" }],
  ["an unknown role", person(["eng"]), { roleId: "nope" }, { refused: "FORBIDDEN", field: "roleId" }],
  [
    "duration above the rule's maximum",
    person(["eng"]),
    { durationSeconds: 4 * 3600 + 60 },
    { refused: "INVALID_INPUT", field: "durationMinutes", message: /at most 4 h/ },
  ],
  ["duration at the rule's maximum", person(["eng"]), { durationSeconds: 4 * 3600 }, { outcome: "PENDING" }],
  ["ticket required but missing", person(["eng"]), { ticket: null }, { refused: "INVALID_INPUT", field: "ticket", message: /such as OPS-1234/ }],
  ["ticket not matching the pattern", person(["eng"]), { ticket: "JIRA-1" }, { refused: "INVALID_INPUT", field: "ticket", message: /write it like OPS-1234/ }],
  ["the pattern must match the whole ticket", person(["eng"]), { ticket: "xOPS-1" }, { refused: "INVALID_INPUT", field: "ticket" }],
  ["an optional ticket may be left out", person(["eng"], { mfa: true }), { roleId: "mfa", ticket: null }, { outcome: "PENDING", rule: "mfa-rule" }],
  ["an optional ticket must still match", person(["eng"], { mfa: true }), { roleId: "mfa", ticket: "X-1" }, { refused: "INVALID_INPUT", field: "ticket" }],
  ["MFA required, signed in without it", person(["eng"]), { roleId: "mfa", ticket: null }, { refused: "MFA_REQUIRED", field: "form" }],
  ["auto-approval: group and short enough", person(["sre"]), { durationSeconds: 3600 }, { outcome: "AUTO_APPROVED", approvals: 0 }],
  ["auto-approval: too long goes to approvers", person(["sre"]), { durationSeconds: 3601 }, { outcome: "PENDING", approvals: 2 }],
  ["auto-approval: not for other groups", person(["eng"]), { durationSeconds: 900 }, { outcome: "PENDING" }],
  ["auto-approval still needs the ticket", person(["sre"]), { ticket: null }, { refused: "INVALID_INPUT", field: "ticket" }],
  [
    "break glass by a break-glass group",
    person(["oncall"]),
    { breakGlass: true, ticket: null, durationSeconds: 1800 },
    { outcome: "BREAK_GLASS", approvals: 0 },
  ],
  [
    "break glass capped short",
    person(["oncall"]),
    { breakGlass: true, durationSeconds: 1801 },
    { refused: "INVALID_INPUT", field: "durationMinutes", message: /at most 30 min/ },
  ],
  [
    "break glass capped by the role's own maximum too",
    person(["oncall"]),
    { roleId: "tiny", breakGlass: true, ticket: null, durationSeconds: 1860 },
    { refused: "INVALID_INPUT", field: "durationMinutes", message: /at most 30 min/ },
  ],
  ["break glass by anyone else", person(["eng"]), { breakGlass: true }, { refused: "FORBIDDEN", field: "breakGlass" }],
  ["break glass cannot be scheduled", person(["oncall"]), { breakGlass: true, startAt: minutes(60) }, { refused: "INVALID_INPUT", field: "startAt" }],
  ["scheduled start", person(["eng"]), { startAt: minutes(120) }, { outcome: "PENDING", startAt: minutes(120) }],
  ["a start within a minute means now", person(["eng"]), { startAt: minutes(1) }, { outcome: "PENDING", startAt: null }],
  ["a start in the past", person(["eng"]), { startAt: minutes(-5) }, { refused: "INVALID_INPUT", field: "startAt", message: /has passed/ }],
  ["a start too far ahead", person(["eng"]), { startAt: minutes(31 * 24 * 60) }, { refused: "INVALID_INPUT", field: "startAt" }],
  ["an extension stays under its grant's rule", person(["eng"]), { extending: { ruleId: "prod-rule" } }, { outcome: "PENDING", rule: "prod-rule" }],
  [
    "an extension cannot be scheduled",
    person(["eng"]),
    { extending: { ruleId: "prod-rule" }, startAt: minutes(90) },
    { refused: "INVALID_INPUT", field: "startAt" },
  ],
  ["an extension under a rule the person left", person(["sec"]), { extending: { ruleId: "prod-rule" } }, { refused: "FORBIDDEN", field: "roleId" }],
  ["an extension under a rule that no longer exists", person(["eng"]), { extending: { ruleId: "gone" } }, { refused: "FORBIDDEN", field: "roleId" }],
];

describe("evaluateRequest", () => {
  it.each(cases)("%s", (_name, actor, overrides, expected) => {
    const result = evaluateRequest(catalog, actor, ask(overrides), now);
    if ("refused" in expected) {
      expect(result).toMatchObject({ ok: false, code: expected.refused, field: expected.field });
      if (expected.message && !result.ok) expect(result.message).toMatch(expected.message);
      return;
    }
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.outcome).toBe(expected.outcome);
    if (expected.rule) expect(result.rule.id).toBe(expected.rule);
    if (expected.approvals !== undefined) expect(result.requiredApprovals).toBe(expected.approvals);
    if (expected.startAt !== undefined) expect(result.startAt).toEqual(expected.startAt);
  });
});
