// A tiny SMTP receiver (RFC 5321, just enough for nodemailer and most clients: EHLO/HELO, optional
// AUTH PLAIN/LOGIN accepting anything, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT). It
// keeps every message, decoded for reading (quoted-printable and base64 parts), so tests can assert
// what was sent, and serves them as a page for the demo. Nothing leaves the machine.
import { createServer as createHttpServer } from "node:http";
import { createServer, type Server, type Socket } from "node:net";

import { escapeHtml, htmlPage, sendHtml, sendJson } from "./html";
import { LOOPBACK, closeServer, listen } from "./net";

export interface ReceivedMail {
  from: string;
  to: string[];
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
  raw: string;
}

export interface SmtpSink {
  host: string;
  port: number;
  /** smtp://127.0.0.1:PORT, for SMTP_URL. */
  url: string;
  /** The viewer page, when a viewer port was asked for. */
  pageUrl: string | null;
  mails: ReceivedMail[];
  /** Answers the next `count` transactions with 421 (service not available) at MAIL FROM. */
  fail(count?: number): void;
  recover(): void;
  stop(): Promise<void>;
}

const MAX_MESSAGE = 2 * 1024 * 1024;

export async function startSmtpSink(options: { port: number; viewerPort?: number }): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const sockets = new Set<Socket>();
  let failures = 0;

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    socket.setEncoding("utf8");
    let buffer = "";
    let mode: "command" | "data" | "auth-login-user" | "auth-login-pass" = "command";
    let from: string | null = null;
    let to: string[] = [];
    let data: string[] = [];
    let dataSize = 0;
    const reply = (line: string) => socket.write(`${line}\r\n`);
    const reset = () => {
      from = null;
      to = [];
      data = [];
      dataSize = 0;
    };

    const command = (line: string) => {
      const verb = line.slice(0, 4).toUpperCase();
      const rest = line.slice(4).trim();
      if (mode === "auth-login-user") return void ((mode = "auth-login-pass"), reply("334 UGFzc3dvcmQ6"));
      if (mode === "auth-login-pass") return void ((mode = "command"), reply("235 2.7.0 Authentication successful"));
      switch (verb) {
        case "EHLO":
          return reply("250-frontdesk-smtp-sink\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-AUTH PLAIN LOGIN\r\n250 SIZE 2097152");
        case "HELO":
          return reply("250 frontdesk-smtp-sink");
        case "AUTH":
          if (/^LOGIN$/i.test(rest)) return void ((mode = "auth-login-user"), reply("334 VXNlcm5hbWU6"));
          return reply("235 2.7.0 Authentication successful");
        case "MAIL": {
          if (failures > 0) {
            failures -= 1;
            return reply("421 4.3.0 Service not available, try again later");
          }
          const address = /^FROM:\s*<([^>]*)>/i.exec(rest);
          if (!address) return reply("501 5.5.4 Syntax: MAIL FROM:<address>");
          reset();
          from = address[1] ?? "";
          return reply("250 2.1.0 OK");
        }
        case "RCPT": {
          const address = /^TO:\s*<([^>]+)>/i.exec(rest);
          if (from === null) return reply("503 5.5.1 MAIL first");
          if (!address?.[1]) return reply("501 5.5.4 Syntax: RCPT TO:<address>");
          to.push(address[1]);
          return reply("250 2.1.5 OK");
        }
        case "DATA":
          if (from === null || to.length === 0) return reply("503 5.5.1 RCPT first");
          mode = "data";
          return reply("354 End data with <CR><LF>.<CR><LF>");
        case "RSET":
          reset();
          return reply("250 2.0.0 OK");
        case "NOOP":
          return reply("250 2.0.0 OK");
        case "QUIT":
          reply("221 2.0.0 Bye");
          return void socket.end();
        default:
          return reply("502 5.5.2 Command not recognized");
      }
    };

    const dataLine = (line: string) => {
      if (line === ".") {
        mode = "command";
        if (dataSize > MAX_MESSAGE) return reply("552 5.3.4 Message too big");
        mails.push(parseMail(from ?? "", to, data.join("\r\n")));
        reset();
        return reply("250 2.0.0 OK: queued");
      }
      const unstuffed = line.startsWith(".") ? line.slice(1) : line;
      dataSize += unstuffed.length + 2;
      if (dataSize <= MAX_MESSAGE) data.push(unstuffed);
    };

    socket.on("data", (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf("\r\n")) !== -1) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (mode === "data") dataLine(line);
        else command(line);
      }
      if (buffer.length > MAX_MESSAGE) socket.destroy();
    });
    reply("220 frontdesk-smtp-sink ESMTP ready");
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: options.port, host: LOOPBACK, exclusive: true }, () => {
      server.off("error", reject);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : options.port);
    });
  });

  const viewer =
    options.viewerPort === undefined
      ? null
      : createHttpServer((req, res) => {
          if (req.url === "/mails.json")
            return sendJson(
              res,
              200,
              mails.map((m) => ({ from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html })),
            );
          sendHtml(res, 200, mailPage(mails));
        });
  const viewerPort = viewer ? await listen(viewer, options.viewerPort ?? 0, "mail viewer") : null;

  return {
    host: LOOPBACK,
    port,
    url: `smtp://${LOOPBACK}:${port}`,
    pageUrl: viewerPort ? `http://${LOOPBACK}:${viewerPort}/` : null,
    mails,
    fail(count = Infinity) {
      failures = count;
    },
    recover() {
      failures = 0;
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (viewer) await closeServer(viewer);
    },
  };
}

// Just enough MIME to read what nodemailer sends: headers (unfolded, RFC 2047 words decoded),
// single-part or multipart/alternative bodies, quoted-printable or base64.
export function parseMail(from: string, to: string[], raw: string): ReceivedMail {
  const { headers, body } = splitHeaders(raw);
  const parts = collectParts(headers, body);
  return {
    from,
    to: [...to],
    headers,
    subject: decodeWords(headers.subject ?? ""),
    text: parts.find((p) => p.type === "text/plain")?.content ?? "",
    html: parts.find((p) => p.type === "text/html")?.content ?? "",
    raw,
  };
}

function splitHeaders(raw: string): { headers: Record<string, string>; body: string } {
  const split = raw.indexOf("\r\n\r\n");
  const head = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? "" : raw.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function collectParts(headers: Record<string, string>, body: string): { type: string; content: string }[] {
  const contentType = headers["content-type"] ?? "text/plain";
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  if (type.startsWith("multipart/")) {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
    if (!boundary) return [];
    return body
      .split(`--${boundary}`)
      .slice(1)
      .filter((chunk) => !chunk.startsWith("--"))
      .flatMap((chunk) => {
        const part = splitHeaders(chunk.replace(/^\r\n/, ""));
        return collectParts(part.headers, part.body.replace(/\r\n$/, ""));
      });
  }
  // Lines as the sender wrote them: SMTP's CRLF back to \n.
  return [{ type, content: decodeBody(body, headers["content-transfer-encoding"] ?? "7bit").replace(/\r\n/g, "\n") }];
}

function decodeBody(body: string, encoding: string): string {
  switch (encoding.toLowerCase()) {
    case "quoted-printable": {
      const bytes = body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, hex: string) => `%${hex}`);
      return decodeUtf8Percent(bytes);
    }
    case "base64":
      return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    default:
      return body;
  }
}

// Percent-decoding handles multi-byte UTF-8; any literal % is escaped first.
function decodeUtf8Percent(text: string): string {
  const safe = text.replace(/%(?![0-9A-F]{2})/gi, "%25");
  try {
    return decodeURIComponent(safe);
  } catch {
    return text;
  }
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_, _charset: string, kind: string, data: string) =>
      kind.toUpperCase() === "B"
        ? Buffer.from(data, "base64").toString("utf8")
        : decodeUtf8Percent(data.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => `%${hex}`)),
    );
}

function mailPage(mails: readonly ReceivedMail[]): string {
  const items = mails
    .slice()
    .reverse()
    .map(
      (m) => `<section style="border:1px solid rgba(128,128,128,.4);padding:.75rem;margin:1rem 0">
<h2 style="font-size:1.1rem;margin:0">${escapeHtml(m.subject)}</h2>
<p class="note">From ${escapeHtml(m.from)} to ${escapeHtml(m.to.join(", "))}</p>
<pre style="white-space:pre-wrap">${escapeHtml(m.text)}</pre>
</section>`,
    )
    .join("\n");
  return htmlPage("Mail sink", `<h1>Mail sink</h1><p class="note">Every email Frontdesk sent, newest first.</p>${items || "<p>No mail yet.</p>"}`);
}
