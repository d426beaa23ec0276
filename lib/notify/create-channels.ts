// The production channels, from validated settings (lib/env.ts). Kept apart from channels.ts so
// that types can be imported without pulling in the Slack SDK or nodemailer.
import { createSmtpMailer } from "@/lib/mail/mailer";
import { loadedOnFirstCall } from "@/lib/ops/loaded-on-first-call";
import type { SlackApi } from "@/lib/slack/client";
import type { ChannelSettings, NotificationChannels } from "./channels";

export function createNotificationChannels(settings: ChannelSettings): NotificationChannels {
  return {
    portalUrl: settings.portalUrl,
    slack: settings.slackBotToken ? lazySlack(settings.slackBotToken, settings.slackApiUrl) : null,
    slackSigningSecret: settings.slackSigningSecret ?? null,
    mailer: settings.smtpUrl && settings.mailFrom ? createSmtpMailer({ url: settings.smtpUrl, from: settings.mailFrom }) : null,
    reminderLeadSeconds: settings.reminderMinutes * 60,
  };
}

const SLACK_METHODS: Record<keyof SlackApi, true> = { postMessage: true, update: true, postEphemeral: true, lookupByEmail: true, userInfo: true, openDm: true };

/** The Slack SDK loads with the first message, not when the server starts (nodemailer likewise, in mailer.ts). */
function lazySlack(token: string, apiUrl: string | undefined): SlackApi {
  return loadedOnFirstCall<SlackApi>(SLACK_METHODS, async () => (await import("@/lib/slack/client")).createSlackApi({ token, apiUrl }));
}
