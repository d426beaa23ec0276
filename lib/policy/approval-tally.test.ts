import { describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import { ruleById } from "@/lib/catalog/rules";
import { requiredApprovals, tallyApprovals, type TallyReview } from "./approval-tally";

const catalog = parseCatalog(
  `
accounts: [{ id: "123456789012", name: A }]
roles:
  - { id: ops, name: Ops, account: "123456789012", arn: "arn:aws:iam::123456789012:role/Ops", maxDuration: 1h }
rules:
  - id: two
    roles: [ops]
    requesters: [eng]
    approvers: { groups: [sec], users: [cto@example.com] }
    approvals: 2
`,
  "t.yaml",
);
const rule = ruleById(catalog, "two")!;

const person = (id: string, groups: string[], email = `${id}@example.com`) => ({ id, name: id, email, groups });
const approve = (reviewer: ReturnType<typeof person>): TallyReview => ({ decision: "APPROVE", reviewer });
const deny = (reviewer: ReturnType<typeof person>): TallyReview => ({ decision: "DENY", reviewer });
const pending = (reviews: TallyReview[], required = 2) => ({ status: "PENDING" as const, requiredApprovals: required, reviews });

describe("tallyApprovals", () => {
  it.each([
    { name: "no reviews", reviews: [], count: 0, remaining: 2, met: false },
    { name: "one approver", reviews: [approve(person("bob", ["sec"]))], count: 1, remaining: 1, met: false },
    { name: "two approvers", reviews: [approve(person("bob", ["sec"])), approve(person("carol", ["sec"]))], count: 2, remaining: 0, met: true },
    {
      name: "named by email, any case",
      reviews: [approve(person("cto", [], "CTO@Example.com")), approve(person("bob", ["sec"]))],
      count: 2,
      remaining: 0,
      met: true,
    },
    { name: "an approver who left the groups", reviews: [approve(person("bob", [])), approve(person("carol", ["sec"]))], count: 1, remaining: 1, met: false },
    {
      name: "one human, two identities",
      reviews: [approve(person("bob", ["sec"])), approve(person("bob-saml", ["sec"], "BOB@example.com"))],
      count: 1,
      remaining: 1,
      met: false,
    },
    { name: "a denial does not count", reviews: [deny(person("bob", ["sec"]))], count: 0, remaining: 2, met: false },
  ])("pending: $name", ({ reviews, count, remaining, met }) => {
    const tally = tallyApprovals(pending(reviews), rule);
    expect({ count: tally.count, remaining: tally.remaining, met: tally.met, required: tally.required }).toEqual({ count, remaining, met, required: 2 });
  });

  it("marks which approvals count, in order", () => {
    const tally = tallyApprovals(pending([approve(person("bob", [])), approve(person("carol", ["sec"]))]), rule);
    expect(tally.approvers.map((a) => [a.id, a.counted])).toEqual([
      ["bob", false],
      ["carol", true],
    ]);
  });

  it("counts nothing for a pending request whose rule has left the catalog", () => {
    expect(tallyApprovals(pending([approve(person("bob", ["sec"]))]), undefined).count).toBe(0);
  });

  it("is history once decided: every distinct approver counts", () => {
    const reviews = [approve(person("bob", [])), approve(person("carol", ["sec"]))];
    const tally = tallyApprovals({ status: "ACTIVE", requiredApprovals: 2, reviews }, rule);
    expect({ count: tally.count, met: tally.met }).toEqual({ count: 2, met: true });
  });
});

describe("requiredApprovals", () => {
  it.each([
    { status: "PENDING" as const, stored: 1, ruleNeeds: 2, required: 2 },
    { status: "PENDING" as const, stored: 3, ruleNeeds: 2, required: 3 },
    { status: "PENDING" as const, stored: 0, ruleNeeds: 2, required: 0 },
    { status: "ACTIVE" as const, stored: 1, ruleNeeds: 2, required: 1 },
  ])("$status, stored $stored, rule now $ruleNeeds → $required", ({ status, stored, ruleNeeds, required }) => {
    expect(requiredApprovals({ status, requiredApprovals: stored }, { approvals: ruleNeeds })).toBe(required);
  });
});
