import { describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import { AppError } from "@/lib/errors";
import { buildAssumeRoleRequest } from "./assume-role-request";
import { claimTagValue, tagKeyProblem, tagValueProblem } from "@/lib/aws/limits";

const catalogWith = (sessionTags: string) => `
accounts: [{ id: "123456789012", name: A }]
roles:
  - id: r
    name: R
    account: "123456789012"
    arn: arn:aws:iam::123456789012:role/R
    maxDuration: 1h
    requesters: [eng]
    approvers: [sec]
    sessionTags: ${sessionTags}
`;

describe("AWS's tag rules", () => {
  it("reserve aws: (any letter case) for keys and values alike", () => {
    for (const value of ["aws:platform", "AWS:x", "Aws:"]) expect(tagValueProblem(value), value).toMatch(/begins with "aws:"/);
    expect(tagKeyProblem("aws:team")).toMatch(/aws:/);
    expect(tagValueProblem("platform:aws")).toBeNull();
    expect(tagValueProblem("aws-platform")).toBeNull();
  });
  it("count Unicode characters, not UTF-16 units, and allow empty values", () => {
    expect(tagValueProblem("東".repeat(256))).toBeNull();
    expect(tagValueProblem("𝔸".repeat(256))).toBeNull();
    expect(tagValueProblem("a".repeat(257))).toMatch(/256/);
    expect(tagValueProblem("")).toBeNull();
    expect(tagKeyProblem("")).toMatch(/1–128/);
    expect(tagValueProblem("a&b")).toMatch(/characters/);
  });
  it("claim values: unusable characters become -, and a reserved prefix remains a problem", () => {
    expect(claimTagValue("Payments & Risk")).toEqual({ value: "Payments - Risk", problem: null });
    expect(claimTagValue("aws:platform").problem).toMatch(/aws:/);
  });
});

describe("the catalog refuses static tag values AWS would refuse, at load", () => {
  it("names the role and the tag", () => {
    expect(() => parseCatalog(catalogWith(`{ static: { team: "aws:platform" } }`), "c.yaml")).toThrow(/team.*begins with "aws:"/s);
    expect(() => parseCatalog(catalogWith(`{ static: { team: platform } }`), "c.yaml")).not.toThrow();
  });
});

describe("a claim value AWS would refuse, at mint time", () => {
  const mint = (sessionTags: string, department: string) => {
    const role = parseCatalog(catalogWith(sessionTags), "c.yaml").roles[0]!;
    return buildAssumeRoleRequest({
      request: { id: "cmreq00000001", approverEmails: [] },
      person: { email: "alice@example.com", attributes: { department } },
      role,
      durationSeconds: 900,
    });
  };

  it("is refused by default, naming the person's claim as the cause (not the catalog)", () => {
    let error: unknown;
    try {
      mint(`{ fromClaims: { dept: department } }`, "aws:platform");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    const message = (error as AppError).userMessage;
    expect(message).toMatch(/your identity provider sent "aws:platform" as your "department"/);
    expect(message).toMatch(/session tag dept/);
    expect(message).toMatch(/begins with "aws:"/);
    expect(message).not.toMatch(/check this role's entry/);
  });

  it("leaves just that tag out when the catalog says drop", () => {
    const params = mint(`{ fromClaims: { dept: department }, static: { team: payments }, unsendableClaim: drop }`, "aws:platform");
    expect(params.tags.map((t) => t.Key)).toEqual(["frontdesk:request-id", "frontdesk:requester", "team"]);
  });

  it("sends a good claim value unchanged", () => {
    expect(mint(`{ fromClaims: { dept: department } }`, "platform").tags.at(-1)).toEqual({ Key: "dept", Value: "platform" });
  });
});
