// Minimal server-rendered pages for the development stand-ins: no scripts, no external assets
// (the machines running the demo may be offline), readable without CSS.
import type { IncomingMessage, ServerResponse } from "node:http";

export function escapeHtml(value: unknown): string {
  return String(value).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
  body { margin: 0; padding: 2rem 1rem; }
  main { max-width: 36rem; margin: 0 auto; }
  h1 { font-size: 1.5rem; margin: 0 0 1rem; }
  label { display: block; font-weight: 600; margin-top: 1rem; }
  input { font: inherit; width: 100%; box-sizing: border-box; padding: .5rem; margin-top: .25rem; }
  button { font: inherit; padding: .5rem 1rem; margin: 1.25rem .5rem 0 0; cursor: pointer; }
  :focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
  .error { border-left: 4px solid #c5221f; padding: .5rem .75rem; background: rgba(197, 34, 31, .1); }
  .note { font-size: .9rem; opacity: .85; }
  table { border-collapse: collapse; width: 100%; margin-top: 1rem; font-size: .95rem; }
  caption { text-align: left; font-weight: 600; margin-bottom: .25rem; }
  th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid rgba(128, 128, 128, .4); }
  dt { font-weight: 600; margin-top: .75rem; }
  dd { margin: 0; overflow-wrap: anywhere; }
  code { font-size: .9em; }
`;

/** A complete HTML document; `body` must already be escaped. */
export function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  });
  res.end(html);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(value));
}

/** Reads an application/x-www-form-urlencoded body, refusing anything larger than `limit` bytes. */
export async function readForm(req: IncomingMessage, limit = 64 * 1024): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error("request body too large");
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}
