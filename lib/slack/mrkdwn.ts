import { formatDateTime } from "@/lib/time/format";
import { FALLBACK_ZONE } from "@/lib/time/zone-names";

// Text from people (justifications, tickets, names) placed into Slack mrkdwn. Slack reads `<…>` as
// links, mentions (`<@U…>`, `<!channel>`) and dates, so the three control characters are escaped as
// Slack documents (& < >). Bare `@here` or a bare URL could still ping people or turn into a link
// that looks like it came from Frontdesk, so an invisible word joiner breaks them up.
const WORD_JOINER = "\u2060";

/** Escapes text for a mrkdwn field: no mentions, links or dates can come out of it. */
export function escapeMrkdwn(text: string): string {
  return (
    text
      .replaceAll("&", "&amp;")
      .replaceAll("<", "&lt;")
      .replaceAll(">", "&gt;")
      .replace(/@(?=[\p{L}\p{N}_.-])/gu, `@${WORD_JOINER}`)
      .replace(/:\/\//g, `:${WORD_JOINER}//`)
      .replace(/\bwww\./giu, (match) => `${match.slice(0, 3)}${WORD_JOINER}.`)
      // A bare domain (evil-login.example.com/x) becomes a link too: break the dot before its last label.
      .replace(/([\p{L}\p{N}-])\.(?=[\p{L}]{2,}\b)/gu, `$1${WORD_JOINER}.`)
  );
}

/** Like escapeMrkdwn, then quoted line by line, cut to `max` characters (Slack limits fields). */
export function quoteMrkdwn(text: string, max = 1500): string {
  const cut = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return escapeMrkdwn(cut)
    .split(/\r?\n/)
    .map((line) => `>${line}`)
    .join("\n");
}

/** Cuts plain text to Slack's limit for a field (header 150, button 75 …), marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A date Slack shows in each reader's own time zone, with a UTC fallback for old clients. */
export function slackDate(date: Date): string {
  const unix = Math.floor(date.getTime() / 1000);
  return `<!date^${unix}^{date_short_pretty} {time}|${utcText(date)}>`;
}

/** 2 Mar 2026, 09:00 UTC: the fallback, in the one format of lib/time/format.ts. */
export function utcText(date: Date): string {
  return formatDateTime(date, FALLBACK_ZONE);
}
