// What a catalog change means for people: who gains or loses the right to request which role, and
// which rules changed in what matters for approval. Pure: two parsed catalogs in, a diff out.
import { coversRole } from "./rules";
import type { Catalog, CatalogRule } from "./schema";

interface AccessChange {
  /** "group:engineering" or "user:ana@example.com". */
  principal: string;
  roleId: string;
  /** The rules that give it (new catalog for gains, old for losses). */
  via: string[];
}

interface RuleChange {
  ruleId: string;
  field: "approvers" | "approvals" | "autoApprove" | "breakGlass" | "requesters" | "mfa" | "maxDuration";
  before: string;
  after: string;
}

export interface CatalogDiff {
  gains: AccessChange[];
  losses: AccessChange[];
  addedRoles: string[];
  removedRoles: string[];
  addedRules: string[];
  removedRules: string[];
  ruleChanges: RuleChange[];
}

/** principal → roleId → rule ids. */
function whoMayRequest(catalog: Catalog): Map<string, string[]> {
  const grants = new Map<string, string[]>();
  for (const role of catalog.roles) {
    for (const rule of catalog.rules.filter((r) => coversRole(r, role))) {
      const principals = [...rule.requesters.groups.map((g) => `group:${g}`), ...rule.requesters.users.map((u) => `user:${u}`)];
      for (const principal of principals) {
        const key = `${principal}\u0000${role.id}`;
        grants.set(key, [...(grants.get(key) ?? []), rule.id]);
      }
    }
  }
  return grants;
}

const describe = {
  approvers: (r: CatalogRule) => [...r.approvers.groups.map((g) => `group:${g}`), ...r.approvers.users.map((u) => `user:${u}`)].sort().join(", "),
  requesters: (r: CatalogRule) => [...r.requesters.groups.map((g) => `group:${g}`), ...r.requesters.users.map((u) => `user:${u}`)].sort().join(", "),
  approvals: (r: CatalogRule) => String(r.approvals),
  autoApprove: (r: CatalogRule) => (r.autoApprove ? `groups ${[...r.autoApprove.groups].sort().join(", ")} up to ${r.autoApprove.maxDuration}s` : "off"),
  breakGlass: (r: CatalogRule) => (r.breakGlass ? `groups ${[...r.breakGlass.groups].sort().join(", ")} up to ${r.breakGlass.maxDuration}s` : "off"),
  mfa: (r: CatalogRule) => `request ${r.mfa.request ? "yes" : "no"}, approve ${r.mfa.approve ? "yes" : "no"}`,
  maxDuration: (r: CatalogRule) => (r.maxDuration === undefined ? "role's" : `${r.maxDuration}s`),
} satisfies Record<RuleChange["field"], (r: CatalogRule) => string>;

export function diffCatalogs(before: Catalog, after: Catalog): CatalogDiff {
  const old = whoMayRequest(before);
  const now = whoMayRequest(after);
  const split = (key: string, via: string[]) => {
    const [principal, roleId] = key.split("\u0000") as [string, string];
    return { principal, roleId, via };
  };
  const order = (a: AccessChange, b: AccessChange) => a.roleId.localeCompare(b.roleId) || a.principal.localeCompare(b.principal);
  const ids = (c: Catalog, kind: "roles" | "rules") => new Set(c[kind].map((x) => x.id));
  const ruleChanges: RuleChange[] = [];
  for (const rule of after.rules) {
    const previous = before.rules.find((r) => r.id === rule.id);
    if (!previous) continue;
    for (const field of Object.keys(describe) as RuleChange["field"][]) {
      const [b, a] = [describe[field](previous), describe[field](rule)];
      if (a !== b) ruleChanges.push({ ruleId: rule.id, field, before: b, after: a });
    }
  }
  return {
    gains: [...now]
      .filter(([key]) => !old.has(key))
      .map(([key, via]) => split(key, via))
      .sort(order),
    losses: [...old]
      .filter(([key]) => !now.has(key))
      .map(([key, via]) => split(key, via))
      .sort(order),
    addedRoles: [...ids(after, "roles")].filter((id) => !ids(before, "roles").has(id)).sort(),
    removedRoles: [...ids(before, "roles")].filter((id) => !ids(after, "roles").has(id)).sort(),
    addedRules: [...ids(after, "rules")].filter((id) => !ids(before, "rules").has(id)).sort(),
    removedRules: [...ids(before, "rules")].filter((id) => !ids(after, "rules").has(id)).sort(),
    ruleChanges,
  };
}

/** Markdown a reviewer reads in a pull request. */
export function formatCatalogDiff(diff: CatalogDiff): string {
  const lines: string[] = [];
  const section = (title: string, items: string[]) => {
    if (items.length === 0) return;
    lines.push(`### ${title} (${items.length})`, "", ...items.map((item) => `- ${item}`), "");
  };
  section(
    "Gains: may now request",
    diff.gains.map((g) => `${g.principal} → **${g.roleId}** (rule ${g.via.join(", ")})`),
  );
  section(
    "Losses: may no longer request",
    diff.losses.map((l) => `${l.principal} ✗ **${l.roleId}** (was rule ${l.via.join(", ")})`),
  );
  section(
    "Rule changes",
    diff.ruleChanges.map((c) => `rule **${c.ruleId}** ${c.field}: ${c.before} → ${c.after}`),
  );
  section("Roles added", diff.addedRoles);
  section("Roles removed", diff.removedRoles);
  section("Rules added", diff.addedRules);
  section("Rules removed", diff.removedRules);
  return lines.length === 0 ? "No change in who may request what, or in how it is approved.\n" : lines.join("\n");
}
