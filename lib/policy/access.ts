// Who may do what, as plain predicates over plain data. Unknown roles and rules deny.
import { coversRole, rulesForRole } from "@/lib/catalog/rules";
import type { Catalog, CatalogRole, CatalogRule } from "@/lib/catalog/schema";

export interface Actor {
  id: string;
  email: string;
  name: string;
  groups: readonly string[];
  /** When the person last actually authenticated at the IdP (OIDC auth_time, SAML AuthnInstant). */
  authTime?: Date | null;
  /** Whether that authentication used multiple factors (OIDC amr/acr, SAML AuthnContextClassRef). */
  mfa?: boolean;
}

/** People named by group and by email, as the catalog names requesters and approvers. */
export interface Principals {
  groups: readonly string[];
  users: readonly string[];
}

function inAny(actor: Actor, groups: readonly string[]): boolean {
  return groups.some((group) => actor.groups.includes(group));
}

/** Named by group (exact names) or by email (case-insensitive). */
export function isOneOf(actor: Actor, principals: Principals): boolean {
  return inAny(actor, principals.groups) || principals.users.includes(actor.email.toLowerCase());
}

/** The rule a person's request for this role falls under: the first in catalog order that lets them ask. */
export function requestRuleFor(actor: Actor, catalog: Catalog, role: CatalogRole): CatalogRule | null {
  return rulesForRole(catalog, role).find((rule) => isOneOf(actor, rule.requesters)) ?? null;
}

/** The rule that lets this person break glass on this role, if any. */
export function breakGlassRuleFor(actor: Actor, catalog: Catalog, role: CatalogRole): CatalogRule | null {
  return rulesForRole(catalog, role).find((rule) => rule.breakGlass && inAny(actor, rule.breakGlass.groups)) ?? null;
}

export function mayRequestRole(actor: Actor, catalog: Catalog, role: CatalogRole): boolean {
  return requestRuleFor(actor, catalog, role) !== null || breakGlassRuleFor(actor, catalog, role) !== null;
}

/** Whether the person approves requests routed through this rule (self-review is checked apart). */
export function mayApproveRequest(actor: Actor, rule: CatalogRule): boolean {
  // Backup approvers (escalation.to) may decide too; they are only pinged later.
  return isOneOf(actor, rule.approvers) || (rule.escalation.to !== undefined && isOneOf(actor, rule.escalation.to));
}

/** Whether the person may still hold a grant made under this rule, for this role. */
export function stillEligible(actor: Actor, rule: CatalogRule, role: CatalogRole, kind: "STANDARD" | "BREAK_GLASS" | "EXTENSION"): boolean {
  if (!coversRole(rule, role)) return false;
  if (kind === "BREAK_GLASS") return rule.breakGlass !== undefined && inAny(actor, rule.breakGlass.groups);
  return isOneOf(actor, rule.requesters);
}

export function isAdmin(actor: Actor, catalog: Catalog): boolean {
  return inAny(actor, catalog.admins);
}

/**
 * Separation of duties: nobody reviews a request they made, whatever else they are. One human may
 * hold two portal identities (one per sign-in method, keyed by issuer and subject): the same email
 * is the same person here.
 */
export function isSelfReview(actor: Actor, request: { requesterId: string; requesterEmail?: string }): boolean {
  return actor.id === request.requesterId || (request.requesterEmail !== undefined && sameEmail(actor.email, request.requesterEmail));
}

export function sameEmail(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

export function requestableRoles(actor: Actor, catalog: Catalog): CatalogRole[] {
  return catalog.roles.filter((role) => mayRequestRole(actor, catalog, role));
}

export function approvableRuleIds(actor: Actor, catalog: Catalog): string[] {
  return catalog.rules.filter((rule) => mayApproveRequest(actor, rule)).map((rule) => rule.id);
}

/** Whether any group of the person grants anything at all: otherwise they see the no-access page. */
export function hasAnyAccess(actor: Actor, catalog: Catalog): boolean {
  return requestableRoles(actor, catalog).length > 0 || approvableRuleIds(actor, catalog).length > 0 || isAdmin(actor, catalog);
}

/** True when the person authenticated at the IdP within `maxAgeSeconds` of `now`. */
export function isRecent(actor: Pick<Actor, "authTime">, now: Date, maxAgeSeconds: number): boolean {
  const authTime = actor.authTime?.getTime();
  // A future auth_time is clock skew at most a minute; anything further is not trusted.
  return authTime !== undefined && now.getTime() - authTime <= maxAgeSeconds * 1000 && authTime <= now.getTime() + 60_000;
}
