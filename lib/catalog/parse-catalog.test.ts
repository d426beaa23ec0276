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
    expect(problems.join("\n")).toMatch(/maxSessionDuration must be between 60 minutes and 12 hours/);
    // IAM's MaxSessionDuration starts at one hour.
    const short = problemsOf(valid.replace("maxDuration: 4h", "maxDuration: 4h\n    maxSessionDuration: 30m"));
    expect(short.join("\n")).toMatch(/maxSessionDuration must be between 60 minutes and 12 hours/);
    expect(() => parseCatalog(valid.replace("maxDuration: 4h", "maxDuration: 4h\n    maxSessionDuration: 1h"), "catalog.yaml")).not.toThrow();
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
    expect(withRole('    sessionTags: { static: { team: "a,b" } }\n')).toMatch(/the tag value contains characters AWS does not allow/);
    expect(withRole("    transitiveTagKeys: [nope]\n")).toMatch(/transitiveTagKeys\[0\] nope is not one of this role's session tags/);
    expect(withRole("    sessionPolicy: 'not json'\n")).toMatch(/sessionPolicy must be a JSON IAM policy document/);
    expect(withRole("    managedPolicyArns: [ReadOnlyAccess]\n")).toMatch(/must be a managed policy ARN/);
    expect(withRole("    externalId: a b\n")).toMatch(/externalId must be 2–1224 characters/);
    expect(withRole("    console: { path: ec2 }\n")).toMatch(/console\.path must be a console path/);
    const many = Array.from({ length: 48 }, (_, i) => `t${i}: v`).join(", ");
    expect(withRole(`    sessionTags: { static: { ${many} } }\n`)).toMatch(/at most 50 session tags/);
  });

  it("refuses an external id on a federated role and counts the role tag federated sessions add", () => {
    const withRole = (extra: string) => valid.replace("    approvers: [security]\n", `    approvers: [security]\n${extra}`);
    expect(problemsOf(withRole("    mint: web-identity\n    externalId: abc123\n")).join("\n")).toMatch(
      /roles\[0\]\.externalId applies to assume-role only: a web-identity role/,
    );
    // The account's mode counts too.
    const samlAccount = withRole("    externalId: abc123\n").replace("name: Sandbox\n", "name: Sandbox\n    mint: saml\n");
    expect(problemsOf(samlAccount).join("\n")).toMatch(/externalId applies to assume-role only: a saml role/);
    expect(() => parseCatalog(withRole("    externalId: abc123\n"), "catalog.yaml")).not.toThrow();
    // Four frontdesk: tags on every session, plus frontdesk:role on federated ones: 46 of the role's own fit only assume-role.
    const tags = `    sessionTags: { static: { ${Array.from({ length: 46 }, (_, i) => `t${i}: v`).join(", ")} } }\n`;
    expect(() => parseCatalog(withRole(tags), "catalog.yaml")).not.toThrow();
    expect(problemsOf(withRole(`${tags}    mint: saml\n`)).join("\n")).toMatch(/at most 50 session tags/);
    const fewer = `    sessionTags: { static: { ${Array.from({ length: 45 }, (_, i) => `t${i}: v`).join(", ")} } }\n`;
    expect(() => parseCatalog(withRole(`${fewer}    mint: saml\n`), "catalog.yaml")).not.toThrow();
  });

  describe("access rules", () => {
    const withRule = (rule: string) => `${valid}rules:\n${rule}`;
    const rule = `  - id: prod
    roles: [dev]
    requesters: { groups: [eng], users: [Vendor@Example.com] }
    approvers: [leads]
    approvals: 2
`;

    it("reads a rule with its defaults, and turns a role's requesters/approvers into a rule of its own", () => {
      const catalog = parseCatalog(withRule(rule), "catalog.yaml");
      expect(catalog.rules.map((r) => r.id)).toEqual(["prod", "dev"]);
      expect(catalog.rules[0]).toMatchObject({
        requesters: { groups: ["eng"], users: ["vendor@example.com"] },
        approvers: { groups: ["leads"], users: [] },
        approvals: 2,
        pendingTimeout: 86_400,
        ticket: { required: false },
        denyComment: "required",
        mfa: { request: false, approve: false },
      });
      expect(catalog.rules[1]).toMatchObject({ roles: ["dev"], requesters: { groups: ["engineering"] }, approvals: 1 });
    });

    it.each([
      ["an unknown role", rule.replace("roles: [dev]", "roles: [nope]"), /^catalog\.yaml:15:13: rules\[0\]\.roles\[0\] no role with id nope$/],
      ["an unknown account", rule.replace("roles: [dev]", 'accounts: ["999999999999"]'), /rules\[0\]\.accounts\[0\] no account with id 999999999999$/],
      ["a rule covering nothing", rule.replace("    roles: [dev]\n", ""), /rules\[0\] must name the roles or accounts it covers$/],
      ["a rule id taken by a role", rule.replace("id: prod", "id: dev"), /rules\[0\]\.id duplicate id dev/],
      [
        "more approvals than named approvers",
        rule.replace("approvers: [leads]", "approvers: { users: [a@example.com] }"),
        /rules\[0\]\.approvals needs 2 approvals but names only 1 approver/,
      ],
      ["no approvers at all", rule.replace("approvers: [leads]", "approvers: []"), /rules\[0\]\.approvers must name at least one group or user$/],
      ["a bad ticket pattern", `${rule}    ticket: { pattern: "(OPS" }\n`, /rules\[0\]\.ticket\.pattern is not a valid regular expression$/],
      [
        "auto-approval longer than the rule allows",
        `${rule}    maxDuration: 1h\n    autoApprove: { groups: [sre], maxDuration: 2h }\n`,
        /autoApprove\.maxDuration is longer than the rule's maxDuration$/,
      ],
      [
        "Slack buttons where approving needs MFA",
        `${rule}    mfa: { approve: true }\n    notify: { slack: { interactive: true } }\n`,
        /notify\.slack\.interactive cannot be on when approving needs multi-factor sign-in/,
      ],
      ["an unknown field (a typo)", `${rule}    aprovals: 2\n`, /rules\[0\] Unrecognized key: "aprovals"/],
    ])("refuses %s, naming the field", (_name, text, message) => {
      expect(problemsOf(withRule(text))).toEqual([expect.stringMatching(message)]);
    });
  });
});
