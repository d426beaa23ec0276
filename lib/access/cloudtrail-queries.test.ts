import { describe, expect, it } from "vitest";
import { athenaQuery, cloudTrailConsoleUrl, cloudTrailLakeQuery } from "./cloudtrail-queries";

const session = {
  sessionName: "alice@example.com-x1y2z3w4",
  sourceIdentity: "alice@example.com",
  assumedRoleId: "AROAEXAMPLE:alice@example.com-x1y2z3w4",
  issuedAt: new Date("2026-03-02T09:00:00.000Z"),
  expiresAt: new Date("2026-03-02T10:00:00.000Z"),
};

describe("CloudTrail join", () => {
  it("finds the session by its principal id and source identity, within its lifetime", () => {
    expect(cloudTrailLakeQuery(session)).toBe(
      [
        "SELECT eventTime, eventSource, eventName, awsRegion, sourceIPAddress, errorCode",
        "FROM <event-data-store-id>",
        "WHERE userIdentity.principalId = 'AROAEXAMPLE:alice@example.com-x1y2z3w4'",
        "  AND userIdentity.sessionContext.sourceIdentity = 'alice@example.com'",
        "  AND eventTime >= '2026-03-02 09:00:00'",
        "  AND eventTime <= '2026-03-02 10:00:00'",
        "ORDER BY eventTime",
      ].join("\n"),
    );
    expect(athenaQuery(session)).toContain("useridentity.principalid = 'AROAEXAMPLE:alice@example.com-x1y2z3w4'");
    expect(athenaQuery(session)).toContain("eventtime BETWEEN '2026-03-02T09:00:00Z' AND '2026-03-02T10:00:00Z'");
  });

  it("quotes values so they cannot break out of the query", () => {
    expect(athenaQuery({ ...session, sourceIdentity: "o'brien@example.com" })).toContain("'o''brien@example.com'");
  });

  it("links to the event history filtered by the session name", () => {
    expect(cloudTrailConsoleUrl(session, "aws", "eu-west-1")).toBe(
      "https://eu-west-1.console.aws.amazon.com/cloudtrail/home?region=eu-west-1#/events?Username=alice%40example.com-x1y2z3w4",
    );
    expect(cloudTrailConsoleUrl(session, "aws-cn", "cn-north-1")).toMatch(/^https:\/\/cn-north-1\.console\.amazonaws\.cn\/cloudtrail\/home/);
  });
});
