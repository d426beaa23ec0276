import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CatalogError, parseCatalog } from "./parse-catalog";
import { roleNameFromArn } from "./schema";

const valid = `
accounts:
  - id: "123456789012"
    name: Sandbox
roles:
  - id: dev
    name: Developer
    account: "123456789012"
    arn: arn:aws:iam::123456789012:role/team/Developer
    maxDuration: 4h
    requesters: [engineering]
    approvers: [security]
`;

function problemsOf(text: string): string[] {
  try {
    parseCatalog(text, "catalog.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogError);
    return (error as CatalogError).problems;
  }
  throw new Error("expected the catalog to be refused");
}

describe("parseCatalog", () => {
  it("reads a valid catalog with defaults applied", () => {
    const catalog = parseCatalog(valid, "catalog.yaml");
    expect(catalog.accounts[0]).toEqual({ id: "123456789012", name: "Sandbox", partition: "aws" });
    expect(catalog.roles[0]).toMatchObject({ maxDuration: 14_400, maxSessionDuration: 3600, description: "" });
    expect(roleNameFromArn(catalog.roles[0]!.arn)).toBe("Developer");
  });

  it("accepts the example catalog shipped for the demo", () => {
    const catalog = parseCatalog(readFileSync("frontdesk.config.yaml", "utf8"), "frontdesk.config.yaml");
    expect(catalog.roles.length).toBeGreaterThan(1);
  });

  it("points at the line and field of a bad value", () => {
    const problems = problemsOf(valid.replace("maxDuration: 4h", "maxDuration: four hours"));
    expect(problems).toEqual([expect.stringMatching(/^catalog\.yaml:10:18: roles\[0\]\.maxDuration "four hours" is not a duration/)]);
  });

  it("names a missing field at its parent's line", () => {
    const problems = problemsOf(valid.replace("    approvers: [security]\n", ""));
    expect(problems).toEqual([expect.stringMatching(/^catalog\.yaml:6:5: roles\[0\]\.approvers is required \(requesters and approvers go together\)$/)]);
  });

  it("refuses unknown fields, so typos do not pass silently", () => {
    const problems = problemsOf(valid.replace("requesters:", "requestors: [x]\n    requesters:"));
    expect(problems.join("\n")).toMatch(/roles\[0\].*requestors/);
  });

  it("checks references and ARNs across the catalog", () => {
    const problems = problemsOf(valid.replace('account: "123456789012"', 'account: "999999999999"'));
    expect(problems.join("\n")).toMatch(/roles\[0\]\.account no account with id 999999999999/);
    const wrongArn = problemsOf(valid.replace("arn:aws:iam::123456789012", "arn:aws:iam::111111111111"));
    expect(wrongArn.join("\n")).toMatch(/roles\[0\]\.arn must be a role in account 123456789012/);
    const notArn = problemsOf(valid.replace("arn:aws:iam::123456789012:role/team/Developer", "Developer"));
    expect(notArn.join("\n")).toMatch(/roles\[0\]\.arn must be an IAM role ARN/);
  });

  it("refuses session limits AWS does not allow", () => {
    const problems = problemsOf(valid.replace("maxDuration: 4h", "maxDuration: 4h\n    maxSessionDuration: 13h"));
    expect(problems.join("\n")).toMatch(/maxSessionDuration must be between 15 minutes and 12 hours/);
  });

  it("reports YAML syntax errors with their position", () => {
    const problems = problemsOf("accounts:\n  - id: [unclosed\n");
    expect(problems[0]).toMatch(/^catalog\.yaml:\d+:\d+: /);
  });

  it("refuses duplicate ids and a group-less role", () => {
    const twice = valid + valid.split("roles:\n")[1]!;
    expect(problemsOf(twice).join("\n")).toMatch(/duplicate role id dev/);
    expect(problemsOf(valid.replace("[security]", "[]")).join("\n")).toMatch(/approvers must name at least one group/);
  });

  it("checks session settings against AWS's rules", () => {
    const withRole = (extra: string) => problemsOf(valid.replace("    approvers: [security]\n", `    approvers: [security]\n${extra}`)).join("\n");
    expect(withRole("    sessionTags: { static: { aws:team: x } }\n")).toMatch(/may not start with aws:/);
    expect(withRole("    sessionTags: { static: { frontdesk:x: y } }\n")).toMatch(/frontdesk: tag prefix is reserved/);
    expect(withRole("    sessionTags: { static: { Team: a }, fromClaims: { team: dept } }\n")).toMatch(/tag key team is set twice/);
    expect(withRole("    sessionTags: { static: { team: \"a,b\" } }\n")).toMatch(/tag values are at most 256/);
    expect(withRole("    transitiveTagKeys: [nope]\n")).toMatch(/transitiveTagKeys\[0\] nope is not one of this role's session tags/);
    expect(withRole("    sessionPolicy: 'not json'\n")).toMatch(/sessionPolicy must be a JSON IAM policy document/);
    expect(withRole("    managedPolicyArns: [ReadOnlyAccess]\n")).toMatch(/must be a managed policy ARN/);
    expect(withRole("    externalId: a b\n")).toMatch(/externalId must be 2–1224 characters/);
    expect(withRole("    console: { path: ec2 }\n")).toMatch(/console\.path must be a console path/);
    const many = Array.from({ length: 48 }, (_, i) => `t${i}: v`).join(", ");
    expect(withRole(`    sessionTags: { static: { ${many} } }\n`)).toMatch(/at most 50 session tags/);
  });
});
