// Frontdesk's view of the Slack Web API: the few methods it uses, with Slack's failures turned
// into one error type that says whether and when to try again. The WebClient never retries by
// itself (no retries, rate-limited calls rejected): the outbox owns retries, so a retry survives a
// restart, is visible to admins, and is never made twice by two instances.
import { WebClient, WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError, LogLevel, type Logger } from "@slack/web-api";
import { SlackCallError } from "./call-error";

export { SlackCallError };

interface SlackBlockMessage {
  text: string;
  blocks?: unknown[];
}

interface PostedMessage {
  channel: string;
  ts: string;
}

interface SlackUser {
  id: string;
  email: string | null;
  deleted: boolean;
  isBot: boolean;
}

export interface SlackApi {
  postMessage(channel: string, message: SlackBlockMessage & { threadTs?: string }): Promise<PostedMessage>;
  update(channel: string, ts: string, message: SlackBlockMessage): Promise<void>;
  postEphemeral(channel: string, user: string, text: string): Promise<void>;
  /** The Slack user with this email, or null when there is none (users_not_found). */
  lookupByEmail(email: string): Promise<string | null>;
  userInfo(userId: string): Promise<SlackUser | null>;
  /** The id (D…) of the direct-message conversation with a user. */
  openDm(userId: string): Promise<string>;
}

// Errors no retry can fix: configuration or permission problems an admin must solve.
const PERMANENT = new Set([
  "not_authed",
  "invalid_auth",
  "account_inactive",
  "token_revoked",
  "no_permission",
  "missing_scope",
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "msg_too_long",
  "invalid_blocks",
  "no_text",
  "cant_update_message",
  "message_not_found",
  "edit_window_closed",
  "user_not_found",
  "users_not_found",
]);

function toSlackCallError(method: string, error: unknown): SlackCallError {
  if (error instanceof WebAPIRateLimitedError) {
    return new SlackCallError(`Slack is rate limiting ${method}; it asked to wait ${error.retryAfter} s.`, "ratelimited", error.retryAfter, true);
  }
  if (error instanceof WebAPIPlatformError) {
    const code = String(error.data.error);
    return new SlackCallError(`Slack refused ${method}: ${code}.`, code, null, !PERMANENT.has(code));
  }
  if (error instanceof WebAPIHTTPError) {
    return new SlackCallError(`Slack answered HTTP ${error.statusCode} to ${method}.`, null, null, true);
  }
  if (error instanceof WebAPIRequestError) {
    const code = (error.original as NodeJS.ErrnoException & { cause?: { code?: unknown } }).cause?.code;
    const reason = error.original.name === "TimeoutError" ? "no answer in time" : typeof code === "string" ? code : "network error";
    return new SlackCallError(`Slack could not be reached for ${method} (${reason}).`, null, null, true);
  }
  return new SlackCallError(`Calling Slack ${method} failed unexpectedly.`, null, null, true);
}

// The SDK's own log lines are about retries we turned off; keep only warnings and errors, and
// never the request bodies or headers it prints at debug level.
const quietLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: (...messages: unknown[]) => console.warn("[frontdesk] slack:", ...messages),
  error: (...messages: unknown[]) => console.error("[frontdesk] slack:", ...messages),
  setLevel: () => {},
  getLevel: () => LogLevel.WARN,
  setName: () => {},
};

export interface SlackClientOptions {
  token: string;
  /** Slack's API base, or the local stand-in's (tests, demo). */
  apiUrl?: string;
  timeoutMs?: number;
}

export function createSlackApi({ token, apiUrl, timeoutMs = 10_000 }: SlackClientOptions): SlackApi {
  const client = new WebClient(token, {
    slackApiUrl: apiUrl ?? "https://slack.com/api/",
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    logger: quietLogger,
    // Only our own method names: never a URL from a payload.
    allowAbsoluteUrls: false,
  });
  const call = async <T>(method: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw toSlackCallError(method, error);
    }
  };
  return {
    postMessage: (channel, { text, blocks, threadTs }) =>
      call("chat.postMessage", async () => {
        const result = await client.chat.postMessage({ channel, text, blocks: blocks as never, thread_ts: threadTs, unfurl_links: false, unfurl_media: false });
        if (!result.channel || !result.ts) throw new SlackCallError("Slack's chat.postMessage answer had no channel or ts.", null, null, true);
        return { channel: result.channel, ts: result.ts };
      }),
    update: (channel, ts, { text, blocks }) =>
      call("chat.update", async () => {
        await client.chat.update({ channel, ts, text, blocks: blocks as never });
      }),
    postEphemeral: (channel, user, text) =>
      call("chat.postEphemeral", async () => {
        await client.chat.postEphemeral({ channel, user, text });
      }),
    lookupByEmail: (email) =>
      call("users.lookupByEmail", async () => {
        try {
          const result = await client.users.lookupByEmail({ email });
          return result.user?.id ?? null;
        } catch (error) {
          if (error instanceof WebAPIPlatformError && error.data.error === "users_not_found") return null;
          throw error;
        }
      }),
    userInfo: (userId) =>
      call("users.info", async () => {
        try {
          const { user } = await client.users.info({ user: userId });
          if (!user?.id) return null;
          return { id: user.id, email: user.profile?.email ?? null, deleted: user.deleted === true, isBot: user.is_bot === true };
        } catch (error) {
          if (error instanceof WebAPIPlatformError && error.data.error === "user_not_found") return null;
          throw error;
        }
      }),
    openDm: (userId) =>
      call("conversations.open", async () => {
        const result = await client.conversations.open({ users: userId });
        const id = result.channel?.id;
        if (!id) throw new SlackCallError("Slack's conversations.open answer had no channel.", null, null, true);
        return id;
      }),
  };
}
