// Reading groups out of ID-token claims. IdPs disagree on where they live: `groups`, `roles`,
// `realm_access.roles`, or a namespaced URL key such as `https://example.com/groups`.

/** The value at `path`: an exact top-level key first (URL-style names contain dots), then a dotted path. */
export function readClaim(claims: Record<string, unknown>, path: string): unknown {
  if (path in claims) return claims[path];
  return path.split(".").reduce<unknown>((node, key) => {
    return node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
  }, claims);
}

/** Groups as a clean, de-duplicated list of strings; anything else becomes no groups. */
export function groupsFromClaims(claims: Record<string, unknown>, path: string): string[] {
  const value = readClaim(claims, path);
  const list = typeof value === "string" ? value.split(/[,\s]+/) : Array.isArray(value) ? value : [];
  const groups = list
    .filter((g): g is string => typeof g === "string")
    .map((g) => g.trim())
    .filter(Boolean);
  return [...new Set(groups)].slice(0, 200);
}

/** The IdP claims the catalog turns into session tags. */
export function claimsUsedForTags(catalog: { roles: { sessionTags: { fromClaims: Record<string, string> } }[] }): string[] {
  return [...new Set(catalog.roles.flatMap((role) => Object.values(role.sessionTags.fromClaims)))];
}

/** The string values of those claims, kept with the person; other claims are not stored. */
export function attributesFromClaims(claims: Record<string, unknown>, names: readonly string[]): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const name of names) {
    const value = readClaim(claims, name);
    if (typeof value === "string" && value.length <= 256) attributes[name] = value;
  }
  return attributes;
}
