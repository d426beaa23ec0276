// The production channels, from validated settings (lib/env.ts). Kept apart from channels.ts so
// that types can be imported without pulling in the Slack SDK or nodemailer.
import { createSmtpMailer } from "@/lib/mail/mailer";
import { createSlackApi } from "@/lib/slack/client";
import type { ChannelSettings, NotificationChannels } from "./channels";

export function createNotificationChannels(settings: ChannelSettings): NotificationChannels {
  return {
    portalUrl: settings.portalUrl,
    slack: settings.slackBotToken ? createSlackApi({ token: settings.slackBotToken, apiUrl: settings.slackApiUrl }) : null,
    slackSigningSecret: settings.slackSigningSecret ?? null,
    mailer: settings.smtpUrl && settings.mailFrom ? createSmtpMailer({ url: settings.smtpUrl, from: settings.mailFrom }) : null,
    reminderLeadSeconds: settings.reminderMinutes * 60,
  };
}
