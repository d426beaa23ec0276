/**
 * A same-origin path to return to after sign-in, or "/" for anything else: absolute URLs,
 * protocol-relative "//host", backslash tricks and control characters never leave the site.
 * The check runs again on the normalized result: "/.//evil.example" normalizes to "//evil.example".
 */
export function safeReturnPath(value: string | string[] | undefined | null): string {
  const path = Array.isArray(value) ? value[0] : value;
  if (!isPlainPath(path)) return "/";
  try {
    const url = new URL(path, "http://frontdesk.invalid");
    if (url.origin !== "http://frontdesk.invalid") return "/";
    const normalized = `${url.pathname}${url.search}${url.hash}`;
    return isPlainPath(normalized) ? normalized : "/";
  } catch {
    return "/";
  }
}

function isPlainPath(path: string | undefined | null): path is string {
  if (!path || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return false;
  // Control characters (tabs and newlines are dropped by URL parsers) and backslashes (read as "/").
  return !/[\u0000-\u001f\u007f\\]/.test(path);
}

/**
 * next-auth's redirect callback: an absolute URL on `baseUrl` for any same-origin target
 * (absolute or relative), `baseUrl` itself for anything else.
 */
export function safeRedirectUrl(url: string, baseUrl: string): string {
  const origin = new URL(baseUrl).origin;
  let path = url;
  if (!url.startsWith("/")) {
    try {
      const parsed = new URL(url);
      if (parsed.origin !== origin || /[\u0000-\u001f\u007f\\]/.test(url)) return baseUrl;
      path = `${parsed.pathname}${parsed.search}${parsed.hash}`;
    } catch {
      return baseUrl;
    }
  }
  return `${origin}${safeReturnPath(path)}`;
}
