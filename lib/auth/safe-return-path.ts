/**
 * A same-origin path to return to after sign-in, or "/" for anything else: absolute URLs,
 * protocol-relative "//host", backslash tricks and control characters never leave the site.
 */
export function safeReturnPath(value: string | string[] | undefined | null): string {
  const path = Array.isArray(value) ? value[0] : value;
  if (!path || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f\\]/.test(path)) return "/";
  try {
    const url = new URL(path, "http://frontdesk.invalid");
    return url.origin === "http://frontdesk.invalid" ? `${url.pathname}${url.search}${url.hash}` : "/";
  } catch {
    return "/";
  }
}
