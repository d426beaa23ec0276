// The notification settings in lib/env.ts: validated, blank means off, and a bad value is named
// without being echoed.
import { expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
const base = { NEXTAUTH_SECRET: "x".repeat(32), OIDC_ISSUER: "https://idp.example.com", OIDC_CLIENT_ID: "a", OIDC_CLIENT_SECRET: "b" };
it("validates Slack and SMTP settings without echoing them", () => {
  expect(() => parseEnv({ ...base, SLACK_BOT_TOKEN: "xoxp-user-secret-123" })).toThrow(/SLACK_BOT_TOKEN: must be a Slack bot token/);
  try {
    parseEnv({ ...base, SLACK_BOT_TOKEN: "xoxp-user-secret-123" });
  } catch (e) {
    expect(String(e)).not.toContain("secret-123");
  }
  expect(() => parseEnv({ ...base, SMTP_URL: "smtp://u:p@localhost:25" })).toThrow(/MAIL_FROM: is required when SMTP_URL is set/);
  const env = parseEnv({ ...base, SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "", SMTP_URL: "" });
  expect([env.SLACK_BOT_TOKEN, env.SLACK_SIGNING_SECRET, env.SMTP_URL, env.NOTIFY_REMINDER_MINUTES]).toEqual(["xoxb-1", undefined, undefined, 15]);
});
