// Finding roles among many (hundreds of accounts × a few roles each): every word typed must match
// the role's name or id, its account's name or id, or its OU path; what matches at the start of a
// word ranks first. Pure, so the picker stays fast and the ranking is unit-tested.

export interface SearchableRole {
  id: string;
  name: string;
  accountId: string;
  accountName: string;
  ou: string | null;
}

export interface RoleSearchIndex<T extends SearchableRole> {
  roles: readonly T[];
  /** Lower-cased text per role, built once. */
  haystacks: string[];
}

export function indexRoles<T extends SearchableRole>(roles: readonly T[]): RoleSearchIndex<T> {
  return { roles, haystacks: roles.map((r) => ` ${[r.name, r.id, r.accountName, r.accountId, r.ou ?? ""].join(" ").toLowerCase()}`) };
}

/** The best `limit` matches for `query`, and how many matched in all. */
export function searchRoles<T extends SearchableRole>(index: RoleSearchIndex<T>, query: string, limit: number): { matches: T[]; total: number } {
  const words = query
    .toLowerCase()
    .split(/[\s/·,()]+/)
    .filter(Boolean);
  if (words.length === 0) return { matches: [], total: 0 };
  const scored: { role: T; score: number; order: number }[] = [];
  index.haystacks.forEach((text, order) => {
    let score = 0;
    for (const word of words) {
      const at = text.indexOf(word);
      if (at < 0) return;
      // A word that starts a name, id or path segment ranks above one found inside another word.
      const starts = text.includes(` ${word}`) || text.includes(`/${word}`) || text.includes(`-${word}`);
      score += starts ? 2 : 1;
    }
    scored.push({ role: index.roles[order]!, score, order });
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  return { matches: scored.slice(0, limit).map((s) => s.role), total: scored.length };
}
