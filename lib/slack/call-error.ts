// The error every Slack call fails with, apart from the Slack SDK (lib/slack/client.ts), so the code
// that classifies delivery failures does not load the SDK.

/** A failed Slack call, in words for people (admins see them), never with the token. */
export class SlackCallError extends Error {
  override name = "SlackCallError";
  constructor(
    message: string,
    /** Slack's own error code (channel_not_found …) when it answered one. */
    readonly slackError: string | null,
    /** Seconds Slack asked us to wait (HTTP 429 Retry-After). */
    readonly retryAfterSeconds: number | null,
    /** False when trying again cannot help (a bad channel, a revoked token). */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}
