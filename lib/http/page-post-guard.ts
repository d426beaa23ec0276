// Server actions arrive as POSTs to page paths. Next.js refuses a cross-origin one and one with a
// body over serverActions.bodySizeLimit itself, but answers both with a 500; proxy.ts refuses them
// first with the right status (403, 413) so they read as the refusals they are. Pure, so each rule
// has a unit test.
import { AppError } from "@/lib/errors";

/** next.config.mjs sets serverActions.bodySizeLimit to this ("1mb", Next's default); a test keeps the two equal. */
export const SERVER_ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

interface PagePost {
  method: string;
  pathname: string;
  headers: Headers;
}

/** A state change sent to a page (a server action): any non-safe method outside /api/. */
export function isPagePost(request: Pick<PagePost, "method" | "pathname">): boolean {
  return !SAFE_METHODS.has(request.method.toUpperCase()) && !request.pathname.startsWith("/api/");
}

/** A page POST that does not say how long its body is (chunked): the caller must measure it. */
export function needsBodyMeasured(request: PagePost): boolean {
  return isPagePost(request) && request.headers.get("content-length") === null;
}

/**
 * Why a POST to a page must be refused before Next.js reads it, or null. Another site's page (an
 * Origin that is not Frontdesk's, or without Origin, Sec-Fetch-Site saying cross-site) is 403;
 * a body over the limit (by Content-Length, or `bodyBytes` as measured) is 413.
 */
export function refusePagePost(
  request: PagePost,
  appOrigin: string,
  { bodyLimit = SERVER_ACTION_BODY_LIMIT_BYTES, bodyBytes }: { bodyLimit?: number; bodyBytes?: number } = {},
): AppError | null {
  if (!isPagePost(request)) return null;
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  const crossOrigin = origin !== null ? origin !== appOrigin : site !== null && site !== "same-origin" && site !== "none";
  if (crossOrigin) return new AppError("FORBIDDEN", "This request did not come from a Frontdesk page.");
  const length = bodyBytes ?? Number(request.headers.get("content-length") ?? "0");
  if (!Number.isFinite(length) || length > bodyLimit) {
    return new AppError("TOO_LARGE", `The form sent is larger than Frontdesk accepts (${Math.floor(bodyLimit / 1024)} KB).`);
  }
  return null;
}
