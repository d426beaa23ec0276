import { describe, expect, it } from "vitest";
import { mrkdwnToHtml, renderBlocks } from "./slack-blocks";

describe("the Slack stand-in's Block Kit rendering", () => {
  it("renders mrkdwn bold, links, dates and quotes, and escapes everything else", () => {
    expect(mrkdwnToHtml("Approved by *Bob*")).toBe("Approved by <strong>Bob</strong>");
    expect(mrkdwnToHtml("<https://x.test/requests/1|Open the request>")).toBe('<a href="https://x.test/requests/1">Open the request</a>');
    expect(mrkdwnToHtml("until <!date^1772442000^{date_short_pretty} {time}|2 Mar 2026, 09:00 UTC>")).toBe(
      'until <time datetime="2026-03-02T09:00:00.000Z">2 Mar 2026, 09:00 UTC</time>',
    );
    expect(mrkdwnToHtml(">Fix &lt;script&gt; &amp; more\n>second")).toBe("<blockquote>Fix &lt;script&gt; &amp; more<br>second</blockquote>");
    expect(mrkdwnToHtml("<javascript:alert(1)|x>")).not.toContain("<a");
  });

  it("renders sections with fields, context and button links", () => {
    const html = renderBlocks(
      [
        { type: "header", text: { type: "plain_text", text: "AWS access request" } },
        { type: "section", fields: [{ type: "mrkdwn", text: "*Role*\nDeveloper" }] },
        { type: "context", elements: [{ type: "mrkdwn", text: ":hourglass: Waiting" }] },
        { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Approve" }, url: "https://x.test/a", style: "primary" }] },
      ],
      "",
    );
    expect(html).toContain("<h2>AWS access request</h2>");
    expect(html).toContain('<div class="fields"><div><strong>Role</strong><br>Developer</div></div>');
    expect(html).toContain('<p class="note">:hourglass: Waiting</p>');
    expect(html).toContain('<a class="button primary" href="https://x.test/a">Approve</a>');
  });
});
