// AWS's limits, checked against the figures in the shared AWS reference written out by hand here,
// so a typo in limits.ts cannot agree with itself.
import { describe, expect, it } from "vitest";
import {
  ASSUME_ROLE_DURATION,
  ASSUMED_ROLE_ARN,
  EXTERNAL_ID,
  FEDERATION_SESSION_DURATION,
  IAM_POLICY_SIZE,
  isAssumeRoleDuration,
  isRoleSessionName,
  isSourceIdentity,
  MANAGED_POLICY_ARN,
  PARTITIONS,
  ROLE_ARN,
  ROLE_CHAINING_MAX_SECONDS,
  ROLE_MAX_SESSION_DURATION,
  ROLE_NAME,
  SESSION_POLICY,
  SESSION_TAGS,
  TAG_KEY,
  TAG_VALUE,
  toTagValue,
} from "./limits";

describe("role ARNs", () => {
  it.each([
    ["arn:aws:iam::123456789012:role/Dev", "aws", "Dev"],
    ["arn:aws-us-gov:iam::123456789012:role/teams/ops/Operator", "aws-us-gov", "Operator"],
    ["arn:aws-cn:iam::123456789012:role/a/B+=,.@-c", "aws-cn", "B+=,.@-c"],
    [`arn:aws:iam::123456789012:role/${"r".repeat(64)}`, "aws", "r".repeat(64)],
  ])("%s is a role in %s", (arn, partition, name) => {
    const match = ROLE_ARN.exec(arn);
    expect(match?.[1]).toBe(partition);
    expect(match?.[2]).toBe("123456789012");
    expect(match?.[3]).toBe(name);
  });

  it.each([
    "arn:aws:iam::12345678901:role/Dev",
    "arn:aws-iso:iam::123456789012:role/Dev",
    "arn:aws:iam::123456789012:user/Dev",
    "arn:aws:iam::123456789012:role/",
    "arn:aws:iam::123456789012:role/has space",
    `arn:aws:iam::123456789012:role/${"r".repeat(65)}`,
    "arn:aws:sts::123456789012:assumed-role/Dev/s",
  ])("%s is not", (arn) => expect(ROLE_ARN.test(arn)).toBe(false));

  it("role names are 1–64 of IAM's name characters", () => {
    expect(["R", "r".repeat(64), "B+=,.@-c_9"].map((name) => ROLE_NAME.test(name))).toEqual([true, true, true]);
    expect(["", "r".repeat(65), "a/b", "a b"].map((name) => ROLE_NAME.test(name))).toEqual([false, false, false, false]);
  });

  it("knows the three partitions, managed policy ARNs and assumed-role callers", () => {
    expect(PARTITIONS).toEqual(["aws", "aws-us-gov", "aws-cn"]);
    expect(MANAGED_POLICY_ARN.test("arn:aws:iam::aws:policy/ReadOnlyAccess")).toBe(true);
    expect(MANAGED_POLICY_ARN.test("arn:aws-cn:iam::123456789012:policy/team/Mine")).toBe(true);
    expect(MANAGED_POLICY_ARN.test("arn:aws:iam::aws:role/ReadOnlyAccess")).toBe(false);
    expect(ASSUMED_ROLE_ARN.test("arn:aws-us-gov:sts::123456789012:assumed-role/Broker/i-1")).toBe(true);
    expect(ASSUMED_ROLE_ARN.test("arn:aws:iam::123456789012:user/broker")).toBe(false);
  });
});

describe("session name and source identity", () => {
  it.each([
    ["ab", true],
    ["a".repeat(64), true],
    ["alice@example.com-x_+=,.", true],
    ["a", false],
    ["a".repeat(65), false],
    ["has space", false],
    ["a/b", false],
    ["a:b", false],
  ])("%s → %s", (name, ok) => {
    expect(isRoleSessionName(name)).toBe(ok);
    expect(isSourceIdentity(name)).toBe(ok);
  });

  it("a source identity may not start with aws: (which its characters already exclude) ", () => {
    expect(isSourceIdentity("aws:alice")).toBe(false);
    expect(isSourceIdentity("awsalice")).toBe(true);
  });
});

describe("session tags", () => {
  it("keys 1–128, values 0–256, AWS's characters, 50 tags and 50 transitive keys", () => {
    expect(SESSION_TAGS).toMatchObject({ max: 50, maxTransitiveKeys: 50, keyMaxLength: 128, valueMaxLength: 256, reservedPrefix: "aws:" });
    expect(TAG_KEY.test("k".repeat(128))).toBe(true);
    expect(TAG_KEY.test("k".repeat(129))).toBe(false);
    expect(TAG_KEY.test("")).toBe(false);
    expect(TAG_KEY.test("frontdesk:request-id")).toBe(true);
    expect(TAG_VALUE.test("")).toBe(true);
    expect(TAG_VALUE.test("v".repeat(256))).toBe(true);
    expect(TAG_VALUE.test("v".repeat(257))).toBe(false);
    expect(TAG_VALUE.test("Zoë Müller @ ops/eu=1+2")).toBe(true);
    expect(TAG_VALUE.test("a,b")).toBe(false);
  });

  it("turns any text into a value AWS accepts", () => {
    expect(toTagValue("a,b;c")).toBe("a-b-c");
    expect(toTagValue("x".repeat(300))).toHaveLength(256);
    expect(TAG_VALUE.test(toTagValue("<script>\u0000 , 'x'"))).toBe(true);
  });
});

describe("durations and sizes", () => {
  it("AssumeRole's DurationSeconds is 900 to 43200, one hour when chaining", () => {
    expect(ASSUME_ROLE_DURATION).toEqual({ minSeconds: 900, maxSeconds: 43_200, defaultSeconds: 3600 });
    expect(ROLE_CHAINING_MAX_SECONDS).toBe(3600);
    expect([899, 900, 43_200, 43_201, 900.5].map(isAssumeRoleDuration)).toEqual([false, true, true, false, false]);
  });

  it("a role's MaxSessionDuration is 3600 to 43200; the console's SessionDuration 900 to 43200", () => {
    expect(ROLE_MAX_SESSION_DURATION).toEqual({ minSeconds: 3600, maxSeconds: 43_200, defaultSeconds: 3600 });
    expect(FEDERATION_SESSION_DURATION).toMatchObject({ minSeconds: 900, maxSeconds: 43_200 });
  });

  it("external ids, session policies and IAM policy sizes", () => {
    expect(EXTERNAL_ID).toMatchObject({ min: 2, max: 1224 });
    expect(EXTERNAL_ID.pattern.test("x".repeat(1224))).toBe(true);
    expect(EXTERNAL_ID.pattern.test("x".repeat(1225))).toBe(false);
    expect(EXTERNAL_ID.pattern.test("a:b/c@d")).toBe(true);
    expect(EXTERNAL_ID.pattern.test("a b")).toBe(false);
    expect(SESSION_POLICY).toMatchObject({ maxLength: 2048, maxManagedArns: 10 });
    expect(IAM_POLICY_SIZE).toEqual({ roleInlineTotal: 10_240, managed: 6_144 });
  });
});
