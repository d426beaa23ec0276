// JSON responses for route handlers. Anything that may carry a secret is marked no-store so no
// browser, proxy or CDN keeps a copy.
import { AppError, toAppError, toUserError, UnavailableError } from "@/lib/errors";

const NO_STORE = { "Cache-Control": "no-store, max-age=0", Pragma: "no-cache" };

export function secretJson(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: NO_STORE });
}

export function errorJson(thrown: unknown): Response {
  const error = toAppError(thrown);
  const userError = toUserError(error);
  const status = error instanceof AppError ? error.status : 500;
  const headers: Record<string, string> = { ...NO_STORE };
  if (error instanceof UnavailableError) headers["Retry-After"] = String(error.retryAfterSeconds);
  return Response.json({ error: userError }, { status, headers });
}

/**
 * State-changing requests must come from Frontdesk's own pages: the browser's Origin header names
 * the page that sent them. Cross-site forms and scripts are refused before any work is done.
 */
export function assertSameOrigin(request: Request, appUrl: string): void {
  const origin = request.headers.get("origin");
  if (origin !== new URL(appUrl).origin) {
    throw new AppError("FORBIDDEN", "This request did not come from a Frontdesk page.");
  }
}

/**
 * 429 with Retry-After. Browsers navigating get a short page saying when to retry; next-auth's
 * client (which POSTs with json=true and follows `url`) is sent to that page; APIs get JSON.
 */
export function tooManyRequests(request: Request, retryAfterSeconds: number): Response {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  const headers = { ...NO_STORE, "Retry-After": String(seconds) };
  const page = `/too-many-requests?retryAfter=${seconds}`;
  const accept = request.headers.get("accept") ?? "";
  const navigating = request.headers.get("sec-fetch-mode") === "navigate" || (request.method === "GET" && accept.includes("text/html"));
  if (navigating) {
    const wait = seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
    const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Too many attempts · Frontdesk</title></head><body><main><h1>Too many attempts</h1><p>Frontdesk received too many requests from you or your network. Try again in ${wait}.</p><p><a href="/">Back to Frontdesk</a></p></main></body></html>`;
    return new Response(html, { status: 429, headers: { ...headers, "Content-Type": "text/html; charset=utf-8" } });
  }
  const userError = toUserError(new AppError("RATE_LIMITED", `Too many attempts. Try again in ${seconds} seconds.`));
  return Response.json({ error: userError, url: page, retryAfter: seconds }, { status: 429, headers });
}
