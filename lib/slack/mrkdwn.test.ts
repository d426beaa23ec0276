import { describe, expect, it } from "vitest";
import { escapeMrkdwn, quoteMrkdwn, slackDate, truncate } from "./mrkdwn";

const WJ = "\u2060";

describe("escapeMrkdwn", () => {
  it("escapes Slack's three control characters, ampersand first", () => {
    expect(escapeMrkdwn("a & b < c > d")).toBe("a &amp; b &lt; c &gt; d");
    expect(escapeMrkdwn("&lt;")).toBe("&amp;lt;");
  });

  it("turns mentions, special mentions and links into inert text", () => {
    const out = escapeMrkdwn("<!channel> <@U123> <https://evil.example|portal> <!date^1^{date}|x>");
    expect(out).not.toMatch(/[<>]/);
    expect(out).toContain("&lt;!channel&gt;");
    expect(out).toContain("&lt;@");
  });

  it("breaks bare @here/@channel and bare URLs so Slack neither pings nor links them", () => {
    expect(escapeMrkdwn("ping @here and @channel")).toBe(`ping @${WJ}here and @${WJ}channel`);
    expect(escapeMrkdwn("see https://evil.example/x")).toBe(`see https:${WJ}//evil${WJ}.example/x`);
    expect(escapeMrkdwn("www.evil.example")).toBe(`www${WJ}.evil${WJ}.example`);
    expect(escapeMrkdwn("alice@example.com")).toBe(`alice@${WJ}example${WJ}.com`);
    // A bare domain would be linked by Slack too.
    expect(escapeMrkdwn("log in at evil-login.example.com/x")).toBe(`log in at evil-login${WJ}.example${WJ}.com/x`);
  });

  it("leaves ordinary text alone", () => {
    expect(escapeMrkdwn("Debug deploys for INC-42 (prod, 2h)")).toBe("Debug deploys for INC-42 (prod, 2h)");
  });
});

describe("quoteMrkdwn and truncate", () => {
  it("quotes every line and cuts long text with an ellipsis", () => {
    expect(quoteMrkdwn("one\ntwo")).toBe(">one\n>two");
    expect(quoteMrkdwn("x".repeat(20), 10)).toBe(`>${"x".repeat(9)}…`);
    expect(truncate("abcdef", 4)).toBe("abc…");
    expect(truncate("abc", 4)).toBe("abc");
  });
});

describe("slackDate", () => {
  it("uses Slack's date token with a UTC fallback", () => {
    expect(slackDate(new Date("2026-03-02T09:00:00Z"))).toBe("<!date^1772442000^{date_short_pretty} {time}|2 Mar 2026, 09:00 UTC>");
  });
});
