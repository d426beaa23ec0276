// Who may do what, as plain predicates over plain data. Unknown roles deny.
import type { Catalog, CatalogRole } from "@/lib/catalog/schema";

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

function inAny(actor: Actor, groups: readonly string[]): boolean {
  return groups.some((group) => actor.groups.includes(group));
}

export function mayRequestRole(actor: Actor, role: CatalogRole): boolean {
  return inAny(actor, role.requesters);
}

export function mayApproveRole(actor: Actor, role: CatalogRole): boolean {
  return inAny(actor, role.approvers);
}

export function isAdmin(actor: Actor, catalog: Catalog): boolean {
  return inAny(actor, catalog.admins);
}

/** Separation of duties: nobody reviews a request they made, whatever else they are. */
export function isSelfReview(actor: Actor, request: { requesterId: string }): boolean {
  return actor.id === request.requesterId;
}

export function requestableRoles(actor: Actor, catalog: Catalog): CatalogRole[] {
  return catalog.roles.filter((role) => mayRequestRole(actor, role));
}

export function approvableRoleIds(actor: Actor, catalog: Catalog): string[] {
  return catalog.roles.filter((role) => mayApproveRole(actor, role)).map((role) => role.id);
}
