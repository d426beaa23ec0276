// The Slack stand-in's page shows Block Kit roughly as Slack would: mrkdwn bold, italics, strike,
// code and quotes, links (<url|label>), dates (<!date^…> shown with their fallback text), mentions,
// and header, section (with fields), context, divider and actions blocks with button-like links.
import { escapeHtml } from "./html";

// Slack escapes only these three in message text; they come back as characters before HTML escaping.
const unslack = (text: string) => text.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");

/** One `<…>` control: a link, a date, a mention or a special mention. */
function control(inner: string): string {
  if (inner.startsWith("!date^")) {
    const bar = inner.indexOf("|");
    const unix = Number(inner.slice(6).split("^")[0]);
    const fallback = bar >= 0 ? inner.slice(bar + 1) : "";
    const iso = Number.isFinite(unix) ? new Date(unix * 1000).toISOString() : "";
    return `<time datetime="${escapeHtml(iso)}">${escapeHtml(unslack(fallback))}</time>`;
  }
  if (inner.startsWith("@") || inner.startsWith("#")) return `<span class="mention">${escapeHtml(inner.split("|").pop() ?? inner)}</span>`;
  if (inner.startsWith("!")) return `<span class="mention">@${escapeHtml(inner.slice(1).split("|")[0] ?? "")}</span>`;
  const [url, label] = inner.split("|", 2) as [string, string | undefined];
  if (!/^(https?:|mailto:)/i.test(url)) return escapeHtml(unslack(`<${inner}>`));
  return `<a href="${escapeHtml(unslack(url))}">${escapeHtml(unslack(label ?? url))}</a>`;
}

/** Inline styles on already-escaped text: *bold*, _italic_, ~strike~, `code`. */
function inline(html: string): string {
  return html
    .replace(/`([^`\n]+)`/g, "<code>$1</code>")
    .replace(/(^|[\s(>])\*([^*\n]+)\*(?=$|[\s).,:;!?<])/g, "$1<strong>$2</strong>")
    .replace(/(^|[\s(>])_([^_\n]+)_(?=$|[\s).,:;!?<])/g, "$1<em>$2</em>")
    .replace(/(^|[\s(>])~([^~\n]+)~(?=$|[\s).,:;!?<])/g, "$1<del>$2</del>");
}

/** mrkdwn to HTML: every character of the input is escaped unless Slack would format it. */
export function mrkdwnToHtml(text: string): string {
  const lines = text.split("\n").map((line) => {
    const quoted = line.startsWith(">") || line.startsWith("&gt;");
    const body = quoted ? line.slice(line.startsWith(">") ? 1 : 4) : line;
    let html = "";
    let last = 0;
    for (const match of body.matchAll(/<([^<>\n]+)>/g)) {
      html += inline(escapeHtml(unslack(body.slice(last, match.index))));
      html += control(match[1]!);
      last = match.index + match[0].length;
    }
    html += inline(escapeHtml(unslack(body.slice(last))));
    return quoted ? `<blockquote>${html}</blockquote>` : html;
  });
  return lines.join("<br>").replaceAll("</blockquote><br><blockquote>", "<br>");
}

interface Block {
  type: string;
  text?: { type?: string; text?: string };
  fields?: { type?: string; text?: string }[];
  elements?: { type: string; text?: { text?: string } | string; url?: string; style?: string }[];
}

const textOf = (t: { type?: string; text?: string } | undefined) => (t?.type === "plain_text" ? escapeHtml(t.text ?? "") : mrkdwnToHtml(t?.text ?? ""));

export function renderBlocks(blocks: readonly unknown[], fallback: string): string {
  if (blocks.length === 0) return `<p>${mrkdwnToHtml(fallback)}</p>`;
  return blocks
    .map((raw) => {
      const block = raw as Block;
      switch (block.type) {
        case "header":
          return `<h2>${escapeHtml(block.text?.text ?? "")}</h2>`;
        case "divider":
          return "<hr>";
        case "section":
          return [
            block.text ? `<p>${textOf(block.text)}</p>` : "",
            block.fields?.length ? `<div class="fields">${block.fields.map((f) => `<div>${textOf(f)}</div>`).join("")}</div>` : "",
          ].join("");
        case "context":
          return `<p class="note">${(block.elements ?? []).map((e) => (typeof e.text === "string" ? textOf(e as { text: string }) : "")).join(" ")}</p>`;
        case "actions":
          return `<p class="actions">${(block.elements ?? [])
            .map((e) => {
              const label = escapeHtml(typeof e.text === "object" ? (e.text?.text ?? "") : "");
              const style = e.style === "primary" ? " primary" : e.style === "danger" ? " danger" : "";
              return e.url
                ? `<a class="button${style}" href="${escapeHtml(e.url)}">${label}</a>`
                : `<button class="button${style}" type="button" disabled>${label}</button>`;
            })
            .join(" ")}</p>`;
        default:
          return "";
      }
    })
    .join("\n");
}

/** The page's own styles for the pieces above (the stand-in has no stylesheet of its own). */
export const BLOCK_STYLES = `
.fields{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.5rem 1rem;margin:.5rem 0}
blockquote{border-left:4px solid #ccc;margin:.25rem 0;padding-left:.5rem}
.mention{background:#e8f0fe;border-radius:3px;padding:0 2px}
.button{display:inline-block;border:1px solid #bbb;border-radius:4px;padding:.25rem .75rem;text-decoration:none;color:inherit;font-weight:600}
.button.primary{background:#007a5a;color:#fff;border-color:#007a5a}
.button.danger{color:#e01e5a;border-color:#e01e5a}
code{background:rgba(128,128,128,.15);padding:0 .2rem;border-radius:3px}
`;
