// The route pattern of a request path, for metric labels and log lines: ids become `[id]`, so the
// label set stays small however many requests there are, and static files are one label.

export function routeOf(path: string): string {
  if (path.startsWith("/_next/")) return "/_next/*";
  const parts = path.split("/").map((part, index) => {
    if (index === 0) return part;
    if (part.length > 80) return "[id]";
    // cuid / uuid / long hex or digits: an identifier, not a route segment.
    if (/^c[a-z0-9]{20,}$/.test(part) || /^[0-9a-f-]{16,}$/i.test(part) || /^\d+$/.test(part)) return "[id]";
    return part;
  });
  const route = parts.join("/") || "/";
  // The next-auth catch-all: keep its action, drop the rest.
  if (route.startsWith("/api/auth/") && !route.startsWith("/api/auth/saml/")) return route.split("/").slice(0, 4).join("/");
  return route.length > 100 ? route.slice(0, 100) : route;
}
