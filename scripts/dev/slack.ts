// A local stand-in for the Slack Web API, speaking its wire format: POST /api/<method> with a form
// or JSON body, `Authorization: Bearer xoxb-…` (or a `token` field), and JSON answers that are
// `{"ok":true,…}` or `{"ok":false,"error":"…"}` with HTTP 200. It keeps what was "posted" (messages,
// their edits and thread replies) so tests can assert them and the demo can show them at
// GET / as a page, and it can play an outage (HTTP 5xx) or rate limiting (429 + Retry-After).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createHash } from "node:crypto";

import { escapeHtml, htmlPage, sendHtml, sendJson } from "./html";
import { BLOCK_STYLES, renderBlocks } from "./slack-blocks";
import { LOOPBACK, closeServer, listen } from "./net";

export interface SlackStandInOptions {
  /** 0 picks a free port. */
  port: number;
  /** The bot token the stand-in accepts. */
  token: string;
  /** Slack users by email, for users.lookupByEmail / users.info. */
  users?: Record<string, string>;
  /** Channel names that do not exist (chat.postMessage answers channel_not_found). */
  missingChannels?: string[];
}

/** One API call as received: never the token. */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  status: number;
  ok: boolean;
  error?: string;
}

export interface SlackMessageRecord {
  channel: string;
  ts: string;
  threadTs: string | null;
  text: string;
  blocks: unknown[];
  /** Earlier versions, oldest first (each chat.update pushes the version it replaced). */
  history: { text: string; blocks: unknown[] }[];
  user: string | null;
}

export interface SlackFault {
  /** HTTP status to answer with: 429 (with Retry-After) or any 5xx. */
  status: number;
  retryAfterSeconds?: number;
}

export interface SlackStandIn {
  /** The Web API base, for SLACK_API_URL: http://127.0.0.1:PORT/api/ */
  apiUrl: string;
  /** The human page: http://127.0.0.1:PORT/ */
  pageUrl: string;
  calls: SlackCall[];
  /** Every message and thread reply, in posting order. */
  messages: SlackMessageRecord[];
  ephemerals: { channel: string; user: string; text: string }[];
  /** Answers the next `count` calls (any method) with the fault; `Infinity` until cleared. */
  fail(fault: SlackFault, count?: number): void;
  /** Ends any fault. */
  recover(): void;
  addUser(email: string, userId: string): void;
  /** The id the stand-in gives a channel name (#approvals), a user's DM or an id. */
  channelId(nameOrId: string): string;
  stop(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

export async function startSlackStandIn(options: SlackStandInOptions): Promise<SlackStandIn> {
  const calls: SlackCall[] = [];
  const messages: SlackMessageRecord[] = [];
  const ephemerals: SlackStandIn["ephemerals"] = [];
  const usersByEmail = new Map(Object.entries(options.users ?? {}).map(([email, id]) => [email.toLowerCase(), id]));
  const missing = new Set((options.missingChannels ?? []).map((name) => name.replace(/^#/, "")));
  let fault: { fault: SlackFault; remaining: number } | null = null;
  let clock = Math.floor(Date.UTC(2026, 2, 2, 9) / 1000);
  let sequence = 0;

  const nextTs = () => `${clock}.${String(++sequence).padStart(6, "0")}`;
  const channelId = (nameOrId: string): string => {
    if (/^[CDG][A-Z0-9]{8,}$/.test(nameOrId)) return nameOrId;
    if (/^U[A-Z0-9]{8,}$/.test(nameOrId)) return dmOf(nameOrId);
    const name = nameOrId.replace(/^#/, "");
    return `C${createHash("sha256").update(name).digest("hex").slice(0, 10).toUpperCase()}`;
  };
  const dmOf = (userId: string) => `D${userId.slice(1)}`;
  const knownUser = (id: string) => [...usersByEmail.values()].includes(id);

  type Answer = Record<string, unknown>;
  const methods: Record<string, (args: Record<string, unknown>) => Answer> = {
    "auth.test": () => ({
      ok: true,
      url: "https://frontdesk-demo.slack.com/",
      team: "Frontdesk demo",
      user: "frontdesk",
      team_id: "T00000001",
      user_id: "U0FRONTDESK",
    }),
    "chat.postMessage": (args) => {
      const target = text(args.channel);
      if (!target) return { ok: false, error: "channel_not_found" };
      if (missing.has(target.replace(/^#/, ""))) return { ok: false, error: "channel_not_found" };
      if (/^U/.test(target) && !knownUser(target)) return { ok: false, error: "channel_not_found" };
      const blocks = parseBlocks(args.blocks);
      if (blocks === "invalid") return { ok: false, error: "invalid_blocks" };
      const body = text(args.text) ?? "";
      if (!body && blocks.length === 0) return { ok: false, error: "no_text" };
      const channel = channelId(target);
      const threadTs = text(args.thread_ts) ?? null;
      if (threadTs && !messages.some((m) => m.channel === channel && m.ts === threadTs)) return { ok: false, error: "thread_not_found" };
      const record: SlackMessageRecord = { channel, ts: nextTs(), threadTs, text: body, blocks, history: [], user: null };
      messages.push(record);
      return { ok: true, channel, ts: record.ts, message: { type: "message", text: body, ts: record.ts, blocks } };
    },
    "chat.update": (args) => {
      const channel = text(args.channel);
      // chat.update wants the channel's id, never its name.
      if (!channel || !/^[CDG]/.test(channel) || channel.startsWith("#")) return { ok: false, error: "channel_not_found" };
      const message = messages.find((m) => m.channel === channel && m.ts === text(args.ts));
      if (!message) return { ok: false, error: "message_not_found" };
      const blocks = args.blocks === undefined ? undefined : parseBlocks(args.blocks);
      if (blocks === "invalid") return { ok: false, error: "invalid_blocks" };
      const body = text(args.text);
      if (body === undefined && blocks === undefined) return { ok: false, error: "no_text" };
      message.history.push({ text: message.text, blocks: message.blocks });
      // Slack's rule: text without blocks drops the blocks.
      message.blocks = blocks ?? (body !== undefined ? [] : message.blocks);
      message.text = body ?? message.text;
      return { ok: true, channel, ts: message.ts, text: message.text };
    },
    "chat.postEphemeral": (args) => {
      const channel = text(args.channel);
      const user = text(args.user);
      if (!channel || !user) return { ok: false, error: "channel_not_found" };
      if (!/^[UW][A-Z0-9]{8,}$/.test(user)) return { ok: false, error: "user_not_in_channel" };
      ephemerals.push({ channel: channelId(channel), user, text: text(args.text) ?? "" });
      return { ok: true, message_ts: nextTs() };
    },
    "users.lookupByEmail": (args) => {
      const email = text(args.email)?.toLowerCase();
      const id = email && usersByEmail.get(email);
      if (!id) return { ok: false, error: "users_not_found" };
      return { ok: true, user: userJson(id, email) };
    },
    "users.info": (args) => {
      const id = text(args.user);
      const email = [...usersByEmail.entries()].find(([, userId]) => userId === id)?.[0];
      if (!id || !email) return { ok: false, error: "user_not_found" };
      return { ok: true, user: userJson(id, email) };
    },
    "conversations.open": (args) => {
      const users = text(args.users)?.split(",") ?? [];
      if (users.length !== 1 || !users[0] || !knownUser(users[0])) return { ok: false, error: "user_not_found" };
      return { ok: true, channel: { id: dmOf(users[0]) } };
    },
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, method: string) => {
    if (req.method !== "POST") return sendJson(res, 405, { ok: false, error: "method_not_allowed" });
    let args: Record<string, unknown>;
    try {
      args = await readArgs(req);
    } catch {
      return sendJson(res, 200, { ok: false, error: "invalid_form_data" });
    }
    const token = bearer(req.headers.authorization) ?? text(args.token);
    delete args.token;
    const record = (status: number, answer: Answer) => {
      calls.push({ method, args, status, ok: answer.ok === true, error: typeof answer.error === "string" ? answer.error : undefined });
    };
    if (fault && fault.remaining > 0) {
      fault.remaining -= 1;
      const { status, retryAfterSeconds } = fault.fault;
      record(status, { ok: false, error: status === 429 ? "ratelimited" : "service_unavailable" });
      if (status === 429) {
        res.writeHead(429, { "content-type": "application/json", "retry-after": String(retryAfterSeconds ?? 1) });
        return res.end(JSON.stringify({ ok: false, error: "ratelimited" }));
      }
      res.writeHead(status, { "content-type": "text/html" });
      return res.end("<html><body>Slack is having trouble</body></html>");
    }
    let answer: Answer;
    if (!token) answer = { ok: false, error: "not_authed" };
    else if (token !== options.token) answer = { ok: false, error: "invalid_auth" };
    else answer = methods[method]?.(args) ?? { ok: false, error: "unknown_method" };
    clock += 1;
    record(200, answer);
    sendJson(res, 200, answer);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const api = /^\/api\/([a-zA-Z.]+)$/.exec(url.pathname);
    if (api?.[1]) {
      void handleApi(req, res, api[1]).catch(() => sendJson(res, 500, { ok: false, error: "internal_error" }));
      return;
    }
    if (req.method === "GET" && url.pathname === "/") return sendHtml(res, 200, page(messages, ephemerals));
    if (req.method === "GET" && url.pathname === "/messages.json") return sendJson(res, 200, { messages, calls, ephemerals });
    sendJson(res, 404, { ok: false, error: "not_found" });
  });
  const port = await listen(server, options.port, "Slack stand-in");
  const base = `http://${LOOPBACK}:${port}`;

  return {
    apiUrl: `${base}/api/`,
    pageUrl: `${base}/`,
    calls,
    messages,
    ephemerals,
    fail(f, count = Infinity) {
      fault = { fault: f, remaining: count };
    },
    recover() {
      fault = null;
    },
    addUser(email, userId) {
      usersByEmail.set(email.toLowerCase(), userId);
    },
    channelId,
    stop: () => closeServer(server),
  };
}

function userJson(id: string, email: string) {
  return { id, team_id: "T00000001", name: email.split("@")[0], deleted: false, is_bot: false, profile: { email } };
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return match?.[1];
}

/** Blocks arrive as a JSON string in forms and as an array in JSON bodies. */
function parseBlocks(value: unknown): unknown[] | "invalid" {
  if (value === undefined || value === "") return [];
  try {
    const blocks = typeof value === "string" ? (JSON.parse(value) as unknown) : value;
    return Array.isArray(blocks) && blocks.every((b) => typeof b === "object" && b !== null && typeof (b as { type?: unknown }).type === "string")
      ? blocks
      : "invalid";
  } catch {
    return "invalid";
  }
}

async function readArgs(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks).toString("utf8");
  const type = req.headers["content-type"] ?? "";
  if (type.startsWith("application/json")) {
    const value = JSON.parse(raw || "{}") as unknown;
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not an object");
    return { ...(value as Record<string, unknown>) };
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

// The demo's window onto "Slack": each channel's messages as a person would roughly see them.
function page(messages: readonly SlackMessageRecord[], ephemerals: SlackStandIn["ephemerals"]): string {
  const tops = messages.filter((m) => !m.threadTs);
  const body = tops.length
    ? tops
        .slice()
        .reverse()
        .map((m) => {
          const replies = messages.filter((r) => r.threadTs === m.ts && r.channel === m.channel);
          return `<section style="border:1px solid rgba(128,128,128,.4);padding:.75rem;margin:1rem 0">
<p class="note">${escapeHtml(m.channel.startsWith("D") ? `Direct message ${m.channel}` : `Channel ${m.channel}`)} · ts ${escapeHtml(m.ts)}${m.history.length ? ` · edited ${m.history.length}×` : ""}</p>
${renderBlocks(m.blocks, m.text)}
${replies.length ? `<p class="note">Thread</p><ul>${replies.map((r) => `<li>${renderBlocks(r.blocks, r.text)}</li>`).join("")}</ul>` : ""}
</section>`;
        })
        .join("\n")
    : `<p>Nothing posted yet.</p>`;
  const eph = ephemerals.length
    ? `<h2>Only visible to you</h2><ul>${ephemerals.map((e) => `<li>${escapeHtml(e.user)}: ${escapeHtml(e.text)}</li>`).join("")}</ul>`
    : "";
  return htmlPage(
    "Slack stand-in",
    `<style>${BLOCK_STYLES}</style><h1>Slack stand-in</h1><p class="note">What Frontdesk posted, newest first. Reload to refresh.</p>${body}${eph}`,
  );
}

/** Slack users for people by email, with stable ids (U + their name), for the demo and e2e. */
export function slackUsersFor(people: readonly { email: string }[]): Record<string, string> {
  return Object.fromEntries(
    people.map((p) => [
      p.email,
      `U${p.email
        .split("@")[0]!
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, "")
        .padEnd(10, "0")}`,
    ]),
  );
}
