import { describe, expect, it } from "vitest";
import {
  buildRevocationPolicy,
  cutoffTimestamp,
  IAM_INLINE_POLICY_LIMIT,
  policySize,
  RevocationPolicyTooLargeError,
  type LiveRevocation,
} from "./revocation-policy";
import { CLOCK_SKEW_MARGIN_SECONDS, planRevocation } from "./revocation-window";

const at = (iso: string) => new Date(iso);
const rev = (sourceIdentity: string, cutoff: string): LiveRevocation => ({ sourceIdentity, cutoff: at(cutoff) });
const parse = (document: string | null) => JSON.parse(document ?? "null") as { Version: string; Statement: Record<string, unknown>[] };

describe("buildRevocationPolicy", () => {
  it("returns null when nothing is revoked, so the policy is deleted", () => {
    expect(buildRevocationPolicy([])).toBeNull();
  });

  it("denies everything to one person's sessions issued before the cutoff, exactly", () => {
    expect(buildRevocationPolicy([rev("alice@example.com", "2026-03-02T09:00:30Z")])).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"Revoke20260302T090030Z","Effect":"Deny","Action":"*","Resource":"*",' +
        '"Condition":{"StringEquals":{"aws:SourceIdentity":"alice@example.com"},"DateLessThan":{"aws:TokenIssueTime":"2026-03-02T09:00:30Z"}}}]}',
    );
  });

  it("keeps only a person's latest cutoff: it denies everything an earlier one does", () => {
    const policy = parse(
      buildRevocationPolicy([
        rev("alice@example.com", "2026-03-02T09:00:30Z"),
        rev("alice@example.com", "2026-03-02T11:00:00Z"),
        rev("alice@example.com", "2026-03-02T10:00:00Z"),
      ]),
    );
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0]?.Condition).toEqual({
      StringEquals: { "aws:SourceIdentity": "alice@example.com" },
      DateLessThan: { "aws:TokenIssueTime": "2026-03-02T11:00:00Z" },
    });
  });

  it("puts people who share a cutoff in one statement, sorted", () => {
    const policy = parse(
      buildRevocationPolicy([
        rev("carol@example.com", "2026-03-02T09:00:30Z"),
        rev("alice@example.com", "2026-03-02T09:00:30Z"),
        rev("bob@example.com", "2026-03-02T09:00:30.000Z"),
      ]),
    );
    expect(policy.Statement).toEqual([
      {
        Sid: "Revoke20260302T090030Z",
        Effect: "Deny",
        Action: "*",
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceIdentity": ["alice@example.com", "bob@example.com", "carol@example.com"] },
          DateLessThan: { "aws:TokenIssueTime": "2026-03-02T09:00:30Z" },
        },
      },
    ]);
  });

  it("gives each distinct cutoff its own statement, oldest first", () => {
    const policy = parse(
      buildRevocationPolicy([
        rev("bob@example.com", "2026-03-02T12:00:00Z"),
        rev("alice@example.com", "2026-03-02T09:00:30Z"),
        rev("carol@example.com", "2026-03-02T12:00:00Z"),
      ]),
    );
    expect(policy.Statement.map((s) => [s.Sid, (s.Condition as { StringEquals: unknown }).StringEquals])).toEqual([
      ["Revoke20260302T090030Z", { "aws:SourceIdentity": "alice@example.com" }],
      ["Revoke20260302T120000Z", { "aws:SourceIdentity": ["bob@example.com", "carol@example.com"] }],
    ]);
    expect(new Set(policy.Statement.map((s) => s.Sid)).size).toBe(2);
    expect(policy.Version).toBe("2012-10-17");
  });

  it("is the same document whatever order the revocations come in", () => {
    const list = [
      rev("a1@example.com", "2026-03-02T09:00:00Z"),
      rev("b2@example.com", "2026-03-02T10:00:00Z"),
      rev("c3@example.com", "2026-03-02T09:00:00Z"),
      rev("a1@example.com", "2026-03-02T08:00:00Z"),
    ];
    const expected = buildRevocationPolicy(list);
    for (let shift = 1; shift < list.length; shift++) {
      const rotated = [...list.slice(shift), ...list.slice(0, shift)];
      expect(buildRevocationPolicy(rotated)).toBe(expected);
      expect(buildRevocationPolicy([...rotated].reverse())).toBe(expected);
    }
  });

  it("rounds a fractional cutoff up to the next second, never down", () => {
    expect(cutoffTimestamp(at("2026-03-02T09:00:30.001Z"))).toBe("2026-03-02T09:00:31Z");
    expect(cutoffTimestamp(at("2026-03-02T09:00:30.999Z"))).toBe("2026-03-02T09:00:31Z");
    expect(cutoffTimestamp(at("2026-03-02T09:00:30.000Z"))).toBe("2026-03-02T09:00:30Z");
    // Equal after rounding: one statement.
    const policy = parse(buildRevocationPolicy([rev("a1@example.com", "2026-03-02T09:00:30.4Z"), rev("b2@example.com", "2026-03-02T09:00:31Z")]));
    expect(policy.Statement).toHaveLength(1);
  });

  it("refuses identities Frontdesk never sets and cutoffs that are not dates", () => {
    for (const bad of ["", "a", "alice example", "*", 'alice@example.com"}', "x".repeat(65)]) {
      expect(() => buildRevocationPolicy([rev(bad, "2026-03-02T09:00:00Z")])).toThrow(/SourceIdentity/);
    }
    expect(() => buildRevocationPolicy([{ sourceIdentity: "alice@example.com", cutoff: new Date(Number.NaN) }])).toThrow(/cutoff/);
  });

  it("fails loudly instead of truncating when the document would exceed IAM's limit", () => {
    const many = Array.from({ length: 200 }, (_, i) => rev(`person-${i}@example.com`, new Date(Date.UTC(2026, 2, 2, 9, 0, i)).toISOString()));
    let error: unknown;
    try {
      buildRevocationPolicy(many);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RevocationPolicyTooLargeError);
    const tooLarge = error as RevocationPolicyTooLargeError;
    expect(tooLarge.limit).toBe(IAM_INLINE_POLICY_LIMIT);
    expect(tooLarge.statements).toBe(200);
    expect(tooLarge.size).toBeGreaterThan(IAM_INLINE_POLICY_LIMIT);
    expect(tooLarge.message).toMatch(/over the 10240-character limit/);
  });

  it("accepts a document of exactly the limit and refuses one character more", () => {
    const document = buildRevocationPolicy([rev("alice@example.com", "2026-03-02T09:00:30Z")])!;
    const size = policySize(document);
    expect(buildRevocationPolicy([rev("alice@example.com", "2026-03-02T09:00:30Z")], size)).toBe(document);
    expect(() => buildRevocationPolicy([rev("alice@example.com", "2026-03-02T09:00:30Z")], size - 1)).toThrow(RevocationPolicyTooLargeError);
  });

  it("fits dozens of people when they share cutoffs, and dozens of distinct cutoffs", () => {
    const shared = Array.from({ length: 300 }, (_, i) => rev(`p${i}@example.com`, "2026-03-02T09:00:30Z"));
    expect(parse(buildRevocationPolicy(shared)).Statement).toHaveLength(1);
    const distinct = Array.from({ length: 40 }, (_, i) => rev(`p${i}@example.com`, new Date(Date.UTC(2026, 2, 2, 9, i)).toISOString()));
    expect(policySize(buildRevocationPolicy(distinct)!)).toBeLessThanOrEqual(IAM_INLINE_POLICY_LIMIT);
  });

  it("counts characters the way IAM does, ignoring whitespace", () => {
    expect(policySize('{ "a" :\n\t"b" }')).toBe(9);
  });
});

describe("planRevocation", () => {
  const now = at("2026-03-02T09:00:00.250Z");

  it("cuts off a little after now (clock skew), on a whole second", () => {
    const { cutoff } = planRevocation({ now, roleMaxSessionSeconds: 3600 });
    expect(cutoff.toISOString()).toBe("2026-03-02T09:00:31.000Z");
    expect(cutoff.getTime() - now.getTime()).toBeGreaterThanOrEqual(CLOCK_SKEW_MARGIN_SECONDS * 1000);
  });

  it("removes the deny once the longest session issued before the cutoff has expired", () => {
    expect(planRevocation({ now, roleMaxSessionSeconds: 3600 }).removeAfter.toISOString()).toBe("2026-03-02T10:01:01.000Z");
    expect(planRevocation({ now, roleMaxSessionSeconds: 4 * 3600 }).removeAfter.toISOString()).toBe("2026-03-02T13:01:01.000Z");
  });

  it("federated roles: the cutoff also covers a token signed before the revocation and replayed to STS while it lives", () => {
    const { cutoff, removeAfter } = planRevocation({ now, roleMaxSessionSeconds: 3600, replayableSeconds: 300 });
    expect(cutoff.toISOString()).toBe("2026-03-02T09:05:31.000Z");
    expect(removeAfter.toISOString()).toBe("2026-03-02T10:06:01.000Z");
  });

  it("never waits longer than AWS's 12-hour session maximum", () => {
    expect(planRevocation({ now, roleMaxSessionSeconds: 86_400 }).removeAfter.toISOString()).toBe("2026-03-02T21:01:01.000Z");
  });
});
