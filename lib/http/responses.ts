// JSON responses for route handlers. Anything that may carry a secret is marked no-store so no
// browser, proxy or CDN keeps a copy.
import { AppError, toUserError } from "@/lib/errors";

const NO_STORE = { "Cache-Control": "no-store, max-age=0", Pragma: "no-cache" };

export function secretJson(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: NO_STORE });
}

export function errorJson(error: unknown): Response {
  const userError = toUserError(error);
  const status = error instanceof AppError ? error.status : 500;
  return Response.json({ error: userError }, { status, headers: NO_STORE });
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
