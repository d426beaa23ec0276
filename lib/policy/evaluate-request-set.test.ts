// Several roles in one request: the strictest rule among them decides, table-driven.
import { describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import type { Actor } from "./access";
import { evaluateRequestSet, MAX_ROLES_PER_REQUEST, type SetAsked } from "./evaluate-request-set";

const catalog = parseCatalog(
  `
accounts: [{ id: "111111111111", name: Dev }, { id: "222222222222", name: Prod }]
roles:
  - { id: dev, name: Developer, account: "111111111111", arn: "arn:aws:iam::111111111111:role/Dev", maxDuration: 8h }
  - { id: logs, name: Logs, account: "222222222222", arn: "arn:aws:iam::222222222222:role/Logs", maxDuration: 8h }
  - { id: prod, name: Admin, account: "222222222222", arn: "arn:aws:iam::222222222222:role/Admin", maxDuration: 8h }
  - { id: secret, name: Secret, account: "222222222222", arn: "arn:aws:iam::222222222222:role/Secret", maxDuration: 8h }
rules:
  - id: dev-rule
    roles: [dev]
    requesters: [eng]
    approvers: [leads]
    pendingTimeout: 8h
    autoApprove: { groups: [sre], maxDuration: 2h }
    breakGlass: { groups: [oncall], maxDuration: 1h }
  - id: logs-rule
    roles: [logs]
    requesters: [eng]
    approvers: [leads]
    maxDuration: 6h
    autoApprove: { groups: [sre], maxDuration: 1h }
    breakGlass: { groups: [oncall], maxDuration: 2h }
  - id: prod-rule
    roles: [prod]
    requesters: [eng]
    approvers: [leads, sec]
    approvals: 2
    maxDuration: 2h
    pendingTimeout: 1h
    ticket: { required: true, pattern: "OPS-[0-9]+", example: OPS-1 }
    mfa: { request: true }
  - id: secret-rule
    roles: [secret]
    requesters: [sec]
    approvers: [leads]
`,
  "t.yaml",
);

const now = new Date("2026-05-01T10:00:00Z");
const person = (groups: string[], extra: Partial<Actor> = {}): Actor => ({ id: "p", email: "p@example.com", name: "P", groups, ...extra });
const ask = (roleIds: string[], overrides: Partial<SetAsked> = {}): SetAsked => ({
  roleIds,
  durationSeconds: 3600,
  ticket: null,
  startAt: null,
  breakGlass: false,
  ...overrides,
});
const hours = (n: number) => n * 3600;

type Expect = { outcome: string; approvals: number; timeout?: number; members?: number } | { refused: string; field: string; message: RegExp };

const cases: [string, Actor, SetAsked, Expect][] = [
  ["two one-approval roles in two accounts", person(["eng"]), ask(["dev", "logs"]), { outcome: "PENDING", approvals: 1, timeout: hours(8), members: 2 }],
  ["the most approvals among the roles", person(["eng"], { mfa: true }), ask(["dev", "prod"], { ticket: "OPS-1" }), { outcome: "PENDING", approvals: 2 }],
  [
    "the shortest pending timeout",
    person(["eng"], { mfa: true }),
    ask(["dev", "prod"], { ticket: "OPS-1" }),
    { outcome: "PENDING", approvals: 2, timeout: hours(1) },
  ],
  ["a role asked twice counts once", person(["eng"]), ask(["dev", "dev", "logs"]), { outcome: "PENDING", approvals: 1, members: 2 }],
  [
    "a role the person may not request is refused by name",
    person(["eng"]),
    ask(["dev", "secret"]),
    { refused: "FORBIDDEN", field: "roleIds", message: /You may not request Secret \(Prod 222222222222\)\./ },
  ],
  ["an unknown role is named by its id", person(["eng"]), ask(["dev", "nope"]), { refused: "FORBIDDEN", field: "roleIds", message: /“nope”/ }],
  [
    "the shortest maximum duration applies",
    person(["eng"], { mfa: true }),
    ask(["dev", "prod"], { ticket: "OPS-1", durationSeconds: hours(3) }),
    { refused: "INVALID_INPUT", field: "durationMinutes", message: /^Admin \(Prod 222222222222\): .*at most 2 h\./ },
  ],
  [
    "a rule's own lower maximum applies",
    person(["eng"]),
    ask(["dev", "logs"], { durationSeconds: hours(7) }),
    { refused: "INVALID_INPUT", field: "durationMinutes", message: /^Logs/ },
  ],
  [
    "a ticket when any role requires one",
    person(["eng"], { mfa: true }),
    ask(["dev", "prod"]),
    { refused: "INVALID_INPUT", field: "ticket", message: /^Admin \(Prod 222222222222\): .*ticket/ },
  ],
  [
    "multi-factor sign-in when any role requires it",
    person(["eng"], { mfa: false }),
    ask(["dev", "prod"], { ticket: "OPS-1" }),
    { refused: "MFA_REQUIRED", field: "form", message: /^Admin/ },
  ],
  ["auto-approved when every role's rule approves it", person(["eng", "sre"]), ask(["dev", "logs"]), { outcome: "AUTO_APPROVED", approvals: 0 }],
  [
    "not auto-approved when one role's rule does not (its approvals count)",
    person(["eng", "sre"], { mfa: true }),
    ask(["dev", "prod"], { ticket: "OPS-1" }),
    { outcome: "PENDING", approvals: 2 },
  ],
  [
    "not auto-approved past one rule's auto-approval limit",
    person(["eng", "sre"]),
    ask(["dev", "logs"], { durationSeconds: hours(2) }),
    { outcome: "PENDING", approvals: 1 },
  ],
  ["break glass when every role allows it", person(["oncall"]), ask(["dev", "logs"], { breakGlass: true }), { outcome: "BREAK_GLASS", approvals: 0 }],
  [
    "no break glass when one role does not allow it, named",
    person(["oncall", "eng"], { mfa: true }),
    ask(["dev", "prod"], { breakGlass: true, ticket: "OPS-1" }),
    { refused: "FORBIDDEN", field: "breakGlass", message: /^Admin \(Prod 222222222222\): You are not in a break-glass group/ },
  ],
  [
    "break glass for at most the shortest break-glass limit",
    person(["oncall"]),
    ask(["dev", "logs"], { breakGlass: true, durationSeconds: hours(2) }),
    { refused: "INVALID_INPUT", field: "durationMinutes", message: /^Developer/ },
  ],
  ["no roles", person(["eng"]), ask([]), { refused: "INVALID_INPUT", field: "roleIds", message: /at least one role/ }],
  [
    "too many roles",
    person(["eng"]),
    ask(Array.from({ length: MAX_ROLES_PER_REQUEST + 1 }, (_, i) => `r${i}`)),
    { refused: "INVALID_INPUT", field: "roleIds", message: /at most 20 roles/ },
  ],
];

describe("evaluateRequestSet: the strictest rule among the roles decides", () => {
  it.each(cases)("%s", (_name, actor, asked, expected) => {
    const result = evaluateRequestSet(catalog, actor, asked, now);
    if ("refused" in expected) {
      expect(result).toMatchObject({ ok: false, code: expected.refused, field: expected.field });
      if (!result.ok) expect(result.message).toMatch(expected.message);
      return;
    }
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.outcome).toBe(expected.outcome);
    expect(result.requiredApprovals).toBe(expected.approvals);
    if (expected.timeout !== undefined) expect(result.pendingTimeoutSeconds).toBe(expected.timeout);
    if (expected.members !== undefined) expect(result.members).toHaveLength(expected.members);
  });
});
