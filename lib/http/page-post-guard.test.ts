import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isPagePost, needsBodyMeasured, refusePagePost, SERVER_ACTION_BODY_LIMIT_BYTES } from "./page-post-guard";

const app = "http://frontdesk.example";
const req = (method: string, pathname: string, headers: Record<string, string> = {}) => ({ method, pathname, headers: new Headers(headers) });
const statusOf = (request: ReturnType<typeof req>) => refusePagePost(request, app)?.status ?? null;

describe("refusePagePost", () => {
  it.each([
    ["a server action from Frontdesk's page", req("POST", "/requests/new", { origin: app, "content-length": "300" }), null],
    ["from another site", req("POST", "/requests/new", { origin: "https://evil.example", "content-length": "300" }), 403],
    ["from an opaque origin", req("POST", "/requests/x", { origin: "null" }), 403],
    ["without Origin, cross-site by Sec-Fetch-Site", req("POST", "/requests/x", { "sec-fetch-site": "cross-site" }), 403],
    ["without Origin, same-origin by Sec-Fetch-Site", req("POST", "/requests/x", { "sec-fetch-site": "same-origin" }), null],
    ["a non-browser client without either header", req("POST", "/requests/x"), null],
    ["exactly at the limit", req("POST", "/requests/new", { origin: app, "content-length": String(SERVER_ACTION_BODY_LIMIT_BYTES) }), null],
    ["a byte over the limit", req("POST", "/requests/new", { origin: app, "content-length": String(SERVER_ACTION_BODY_LIMIT_BYTES + 1) }), 413],
    [
      "over the limit from another site: the origin decides first",
      req("POST", "/requests/new", { origin: "https://evil.example", "content-length": "99999999" }),
      403,
    ],
    ["GET pages are not state changes", req("GET", "/requests/new", { origin: "https://evil.example" }), null],
    ["API routes have their own checks", req("POST", "/api/slack/interactions", { origin: "https://slack.com", "content-length": "99999999" }), null],
  ])("%s", (_name, request, status) => {
    expect(statusOf(request)).toBe(status);
  });

  it("uses the limit it is given and says it in the person's words", () => {
    const refusal = refusePagePost(req("POST", "/x", { origin: app, "content-length": "2049" }), app, { bodyLimit: 2048 });
    expect(refusal?.code).toBe("TOO_LARGE");
    expect(refusal?.userMessage).toContain("2 KB");
  });

  it("measures a body that does not declare its length (chunked)", () => {
    const chunked = req("POST", "/requests/new", { origin: app, "transfer-encoding": "chunked" });
    expect(needsBodyMeasured(chunked)).toBe(true);
    expect(needsBodyMeasured(req("POST", "/requests/new", { origin: app, "content-length": "10" }))).toBe(false);
    expect(needsBodyMeasured(req("POST", "/api/health"))).toBe(false);
    expect(refusePagePost(chunked, app, { bodyBytes: SERVER_ACTION_BODY_LIMIT_BYTES + 1 })?.status).toBe(413);
    expect(refusePagePost(chunked, app, { bodyBytes: 10 })).toBeNull();
  });

  it("knows which requests are page posts", () => {
    expect(isPagePost({ method: "post", pathname: "/requests/new" })).toBe(true);
    expect(isPagePost({ method: "DELETE", pathname: "/" })).toBe(true);
    expect(isPagePost({ method: "HEAD", pathname: "/" })).toBe(false);
    expect(isPagePost({ method: "POST", pathname: "/api/health" })).toBe(false);
  });

  it("matches the body size limit Next.js is configured with", () => {
    const config = readFileSync(join(__dirname, "..", "..", "next.config.mjs"), "utf8");
    expect(/serverActions:\s*\{\s*bodySizeLimit:\s*"([^"]+)"/.exec(config)?.[1]).toBe("1mb");
    expect(SERVER_ACTION_BODY_LIMIT_BYTES).toBe(1024 * 1024);
  });
});
