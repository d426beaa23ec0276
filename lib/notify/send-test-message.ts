// "Send test message" on /admin/notifications: posts straight away (no outbox: the admin is
// waiting for the answer) to a Slack channel or an email address, and says plainly what failed.
import type { Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { MailError } from "@/lib/mail/mailer";
import type { Actor } from "@/lib/policy/access";
import { SlackCallError } from "@/lib/slack/client";
import { escapeMrkdwn } from "@/lib/slack/mrkdwn";
import { assertNotificationAdmin } from "./list-deliveries";

export interface TestMessageInput {
  channel?: string;
  email?: string;
}

export async function sendTestMessage(deps: Deps, { actor, input }: { actor: Actor; input: TestMessageInput }): Promise<string> {
  assertNotificationAdmin(deps, actor);
  const channel = input.channel?.trim();
  const email = input.email?.trim();
  if (!channel && !email) throw new AppError("INVALID_INPUT", "Name a Slack channel or an email address.", { channel: "Name a channel, e.g. #aws-approvals." });
  const when = deps.now().toISOString().slice(0, 16).replace("T", " ");
  const portalUrl = deps.notifications?.portalUrl ?? "";
  if (channel) {
    if (!/^[#@]?[\w.-]{1,80}$/.test(channel))
      throw new AppError("INVALID_INPUT", "That is not a Slack channel name or id.", { channel: "Use a name like #aws-approvals or an id like C0123456789." });
    const slack = deps.notifications?.slack;
    if (!slack) throw new AppError("CONFLICT", "Slack is not configured: set SLACK_BOT_TOKEN and restart Frontdesk.");
    try {
      await slack.postMessage(channel, {
        text: `Frontdesk test message from ${escapeMrkdwn(actor.name)} (${when} UTC): access requests will reach this channel. ${portalUrl}`,
      });
    } catch (error) {
      throw new AppError("CONFLICT", slackAdvice(error));
    }
    return `Posted a test message to ${channel}.`;
  }
  const mailer = deps.notifications?.mailer;
  if (!mailer) throw new AppError("CONFLICT", "Email is not configured: set SMTP_URL and MAIL_FROM and restart Frontdesk.");
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(email!))
    throw new AppError("INVALID_INPUT", "That is not an email address.", { email: "Use an address like security@example.com." });
  try {
    const text = `This is a test message from Frontdesk, sent by ${actor.name} at ${when} UTC.\n\nAccess-request emails will look like they come from this sender.\n${portalUrl}`;
    await mailer.send({
      to: email!,
      subject: "[Frontdesk] Test message",
      text,
      html: `<p>${text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll("\n", "<br>")}</p>`,
      messageId: `<test-${deps.now().getTime()}@frontdesk>`,
    });
  } catch (error) {
    throw new AppError("CONFLICT", error instanceof MailError ? error.message : "Sending the test email failed unexpectedly.");
  }
  return `Sent a test email to ${email}.`;
}

function slackAdvice(error: unknown): string {
  if (!(error instanceof SlackCallError)) return "Posting to Slack failed unexpectedly.";
  switch (error.slackError) {
    case "channel_not_found":
      return "Slack has no such channel, or the bot cannot see it (invite the app to private channels).";
    case "not_in_channel":
      return "The bot is not in that channel: invite it with /invite @Frontdesk.";
    case "invalid_auth":
    case "not_authed":
    case "token_revoked":
    case "account_inactive":
      return "Slack refused the bot token: check SLACK_BOT_TOKEN (it is never shown here).";
    case "missing_scope":
      return "The Slack app lacks a scope: it needs chat:write, users:read, users:read.email and im:write.";
    default:
      return error.message;
  }
}
