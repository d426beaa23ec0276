// Looking up access rules: which rules cover a role, and which one a given request is under.
import type { Catalog, CatalogAccount, CatalogRole, CatalogRule } from "./schema";

export function ruleById(catalog: Catalog, ruleId: string): CatalogRule | undefined {
  return catalog.rules.find((rule) => rule.id === ruleId);
}

/** Rules that cover a role, by id or by its account, in catalog order. */
export function rulesForRole(catalog: Catalog, role: CatalogRole): CatalogRule[] {
  return catalog.rules.filter((rule) => rule.roles.includes(role.id) || rule.accounts.includes(role.account));
}

export function coversRole(rule: CatalogRule, role: CatalogRole): boolean {
  return rule.roles.includes(role.id) || rule.accounts.includes(role.account);
}

/** The longest window a rule allows for a role: the shorter of the two limits. */
export function maxDurationFor(rule: CatalogRule, role: CatalogRole): number {
  return Math.min(rule.maxDuration ?? role.maxDuration, role.maxDuration);
}

/** Whether a ticket reference matches a rule's pattern (the whole value); no pattern accepts any. */
export function ticketMatchesPattern(ticket: string, pattern: string | undefined | null): boolean {
  return !pattern || new RegExp(`^(?:${pattern})$`, "u").test(ticket);
}

export function findRole(catalog: Catalog, roleId: string): { role: CatalogRole; account: CatalogAccount } | null {
  const role = catalog.roles.find((r) => r.id === roleId);
  const account = role && catalog.accounts.find((a) => a.id === role.account);
  return role && account ? { role, account } : null;
}
