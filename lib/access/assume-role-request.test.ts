import { describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import type { AssumeRoleParams } from "@/lib/aws/sts";
import { assumeRoleProblems, buildAssumeRoleRequest } from "./assume-role-request";

const catalog = parseCatalog(
  `
accounts: [{ id: "123456789012", name: A }]
roles:
  - id: r
    name: R
    account: "123456789012"
    arn: arn:aws:iam::123456789012:role/R
    maxDuration: 1h
    requesters: [eng]
    approvers: [sec]
    sessionTags:
      static: { team: payments }
      fromClaims: { department: department, site: "https://example.com/site" }
    transitiveTagKeys: [team, department]
`,
  "t.yaml",
);
const role = catalog.roles[0]!;

const valid: AssumeRoleParams = {
  roleArn: "arn:aws:iam::123456789012:role/R",
  sessionName: "alice@example.com-abcd1234",
  sourceIdentity: "alice@example.com",
  durationSeconds: 3600,
  tags: [{ Key: "frontdesk:request-id", Value: "req1" }],
};

describe("buildAssumeRoleRequest", () => {
  it("adds static and claim tags, and only transitive keys that are present", () => {
    const params = buildAssumeRoleRequest({
      request: { id: "cmreq00000001", approverEmails: [] },
      person: { email: "alice@example.com", attributes: { "https://example.com/site": "Zürich / HQ", other: "x" } },
      role,
      durationSeconds: 1800,
    });
    expect(params.tags).toEqual([
      { Key: "frontdesk:request-id", Value: "cmreq00000001" },
      { Key: "frontdesk:requester", Value: "alice@example.com" },
      { Key: "team", Value: "payments" },
      { Key: "site", Value: "Zürich / HQ" },
    ]);
    expect(params.transitiveTagKeys).toEqual(["team"]); // no department claim was sent
    expect(assumeRoleProblems(params)).toEqual([]);
  });
});

describe("assumeRoleProblems", () => {
  const tag = (Key: string, Value = "v") => ({ Key, Value });
  const cases: [string, Partial<AssumeRoleParams>, RegExp | null][] = [
    ["a valid request", {}, null],
    ["unicode tag values", { tags: [tag("Ort", "Zürich 東京")] }, null],
    ["a session name of 1 character", { sessionName: "a" }, /RoleSessionName/],
    ["a session name of 65 characters", { sessionName: "a".repeat(65) }, /RoleSessionName/],
    ["a session name with a slash", { sessionName: "alice/admin" }, /RoleSessionName/],
    ["a unicode session name", { sessionName: "zoë@example.com" }, /RoleSessionName/],
    ["a source identity starting with aws:", { sourceIdentity: "aws:root" }, /SourceIdentity/],
    ["an overlong source identity", { sourceIdentity: "x".repeat(65) }, /SourceIdentity/],
    ["a duration under 900", { durationSeconds: 899 }, /DurationSeconds/],
    ["a duration over 43200", { durationSeconds: 43_201 }, /DurationSeconds/],
    ["a fractional duration", { durationSeconds: 1000.5 }, /DurationSeconds/],
    ["51 tags", { tags: Array.from({ length: 51 }, (_, i) => tag(`k${i}`)) }, /at most 50 session tags/],
    ["a tag key starting with aws:", { tags: [tag("aws:team")] }, /may not start with aws:/],
    ["a 129-character tag key", { tags: [tag("k".repeat(129))] }, /tag key/],
    ["a 257-character tag value", { tags: [tag("k", "v".repeat(257))] }, /value longer than 256/],
    ["a tag value with a comma", { tags: [tag("k", "a,b")] }, /characters AWS refuses/],
    ["tag keys differing only by case", { tags: [tag("Team"), tag("team")] }, /appears twice/],
    ["a transitive key that is not a tag", { transitiveTagKeys: ["missing"] }, /not a session tag/],
    ["an external id with a space", { externalId: "abc def" }, /ExternalId/],
    ["an external id of 1 character", { externalId: "a" }, /ExternalId/],
    ["a session policy over 2048 characters", { policy: `{"Statement":"${"x".repeat(2050)}"}` }, /session policy/],
    ["a session policy with characters above U+00FF", { policy: '{"Statement":"東"}' }, /session policy/],
    ["11 managed policies", { policyArns: Array.from({ length: 11 }, (_, i) => `arn:aws:iam::aws:policy/P${i}`) }, /at most 10 managed/],
    ["a role ARN that is not a role", { roleArn: "arn:aws:iam::123456789012:user/bob" }, /RoleArn/],
  ];

  it.each(cases)("%s", (_name, change, expected) => {
    const problems = assumeRoleProblems({ ...valid, ...change });
    if (expected === null) expect(problems).toEqual([]);
    else expect(problems.join("\n")).toMatch(expected);
  });

  it("accepts exactly 50 tags and 10 managed policies", () => {
    const tags = Array.from({ length: 50 }, (_, i) => tag(`k${i}`));
    const policyArns = Array.from({ length: 10 }, (_, i) => `arn:aws:iam::aws:policy/P${i}`);
    expect(assumeRoleProblems({ ...valid, tags, policyArns })).toEqual([]);
  });
});
