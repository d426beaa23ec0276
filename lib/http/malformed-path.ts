// A path whose percent-encoding does not decode (`/requests/%E0%A4%A`) makes Next.js fail while
// matching dynamic routes, after proxy.ts has run but before its headers reach the response: the
// result was a bare 500. proxy.ts answers such paths itself, with a 400 and every security header.

/** True when some segment of the raw path is not valid percent-encoded UTF-8. */
export function isMalformedPath(pathname: string): boolean {
  for (const segment of pathname.split("/")) {
    try {
      decodeURIComponent(segment);
    } catch {
      return true;
    }
  }
  return false;
}

/** The 400 for a malformed path: a short page for browsers, JSON for the API. */
export function malformedPathResponse(pathname: string, headers: Record<string, string>): Response {
  const common = { ...headers, "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'", "Cache-Control": "no-store" };
  if (pathname.startsWith("/api/")) {
    return Response.json(
      { error: { code: "INVALID_INPUT", message: "The address is not valid.", fieldErrors: {}, link: null } },
      { status: 400, headers: common },
    );
  }
  const html =
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bad address · Frontdesk</title></head><body><main><h1>This address is not valid</h1><p>Part of the address could not be read. Check the link, or start again from Frontdesk.</p><p><a href="/">Back to Frontdesk</a></p></main></body></html>';
  return new Response(html, { status: 400, headers: { ...common, "Content-Type": "text/html; charset=utf-8" } });
}
