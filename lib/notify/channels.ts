// The outside channels notifications go through, as use cases and job handlers receive them in
// Deps. Each is optional: a portal without Slack or email keeps working and simply sends nothing.
import type { Mailer } from "@/lib/mail/mailer";
import type { SlackApi } from "@/lib/slack/client";

export interface NotificationChannels {
  /** Where people reach the portal: every link in a message starts here. */
  portalUrl: string;
  /** The bot-token client, or null when SLACK_BOT_TOKEN is not set. */
  slack: SlackApi | null;
  /** Verifies interactive requests from Slack; null turns interactivity off. */
  slackSigningSecret: string | null;
  /** SMTP, or null when SMTP_URL is not set. */
  mailer: Mailer | null;
  /** How long before access ends the requester is reminded (seconds). */
  reminderLeadSeconds: number;
}

/** The link to a request's page, optionally with a decision pre-selected there. */
export function requestUrl(portalUrl: string, requestId: string, action?: "approve" | "deny"): string {
  const url = new URL(`/requests/${encodeURIComponent(requestId)}`, portalUrl);
  if (action) url.searchParams.set("action", action);
  return url.toString();
}

export interface ChannelSettings {
  portalUrl: string;
  slackBotToken?: string;
  slackSigningSecret?: string;
  slackApiUrl?: string;
  smtpUrl?: string;
  mailFrom?: string;
  reminderMinutes: number;
}
