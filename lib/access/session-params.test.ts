import { describe, expect, it } from "vitest";
import { ROLE_SESSION_NAME, TAG_VALUE } from "@/lib/aws/limits";
import { buildSessionName, buildSessionTags, buildSourceIdentity, sessionDuration } from "./session-params";

const AWS_NAME = ROLE_SESSION_NAME.pattern;

describe("session name and source identity", () => {
  it("names the person and the request", () => {
    expect(buildSessionName({ email: "alice@example.com" }, "cmabc123xyz98765")).toBe("alice@example.com-xyz98765");
    expect(buildSourceIdentity({ email: "alice@example.com" })).toBe("alice@example.com");
  });

  it.each(["o'brien+ops/admin@example.com", "名前@例え.jp", "a@b", `${"x".repeat(120)}@example.com`, "aws:root@example.com", ""])(
    "stays within AWS's rules for %j",
    (email) => {
      const name = buildSessionName({ email }, "cmabc123xyz98765");
      const identity = buildSourceIdentity({ email });
      expect(name).toMatch(AWS_NAME);
      expect(identity).toMatch(AWS_NAME);
      expect(identity.toLowerCase().startsWith("aws:")).toBe(false);
      expect(name.endsWith("-xyz98765")).toBe(true);
    },
  );
});

describe("session tags", () => {
  it("carry the request, the requester and the approvers, within AWS's value rules", () => {
    const tags = buildSessionTags({ requestId: "req1", requesterEmail: "alice@example.com", approverEmails: ["bob@example.com", "c,d@x.io"] });
    expect(tags).toEqual([
      { Key: "frontdesk:request-id", Value: "req1" },
      { Key: "frontdesk:requester", Value: "alice@example.com" },
      { Key: "frontdesk:approvers", Value: "bob@example.com c-d@x.io" },
    ]);
    for (const tag of tags) expect(tag.Value).toMatch(TAG_VALUE);
  });

  it("omit approvers when there are none and cut long values to 256", () => {
    const tags = buildSessionTags({ requestId: "r", requesterEmail: "x".repeat(300), approverEmails: [] });
    expect(tags.map((t) => t.Key)).toEqual(["frontdesk:request-id", "frontdesk:requester"]);
    expect(tags[1]!.Value).toHaveLength(256);
  });
});

describe("sessionDuration", () => {
  const now = new Date("2026-01-01T10:00:00Z");
  const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

  it("is the rest of the window when the role allows it", () => {
    expect(sessionDuration({ now, windowEndsAt: at(45), roleMaxSeconds: 3600 })).toEqual({ ok: true, seconds: 2700 });
  });

  it("is capped by the role's maximum and by AWS's 12 hours", () => {
    expect(sessionDuration({ now, windowEndsAt: at(240), roleMaxSeconds: 3600 })).toEqual({ ok: true, seconds: 3600 });
    expect(sessionDuration({ now, windowEndsAt: at(24 * 60), roleMaxSeconds: 86_400 })).toEqual({ ok: true, seconds: 43_200 });
  });

  it("refuses below AWS's 15-minute floor instead of outliving the window", () => {
    expect(sessionDuration({ now, windowEndsAt: at(15), roleMaxSeconds: 3600 })).toEqual({ ok: true, seconds: 900 });
    expect(sessionDuration({ now, windowEndsAt: at(14), roleMaxSeconds: 3600 })).toEqual({ ok: false, remainingSeconds: 840 });
    expect(sessionDuration({ now, windowEndsAt: at(-5), roleMaxSeconds: 3600 })).toEqual({ ok: false, remainingSeconds: 0 });
  });

  it("says whether the sign-in used more than one factor, when known", () => {
    const tag = (mfa?: boolean) =>
      buildSessionTags({ requestId: "r", requesterEmail: "a@x.io", approverEmails: [], mfa }).find((t) => t.Key === "frontdesk:mfa");
    expect(tag(true)).toEqual({ Key: "frontdesk:mfa", Value: "true" });
    expect(tag(false)).toEqual({ Key: "frontdesk:mfa", Value: "false" });
    expect(tag(undefined)).toBeUndefined();
  });
});
