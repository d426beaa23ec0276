// Who may do what, as one table: the use cases enforce it (assertCan) and the pages ask it (can)
// what to show. Pure. An action missing from the table, or a resource it cannot read, denies.
import { ruleById } from "@/lib/catalog/rules";
import type { Catalog, CatalogRole } from "@/lib/catalog/schema";
import { AppError } from "@/lib/errors";
import { approvableRuleIds, isAdmin, isSelfReview, mayApproveRequest, mayRequestRole, type Actor } from "./access";

/** A request as the table sees it. */
interface RequestSubject {
  ruleId: string;
  requesterId: string;
  requesterEmail: string;
}

/** A terminal device's API token, as the table sees it. */
interface TokenSubject {
  ownerId: string;
}

export type Resource = { request: RequestSubject } | { role: CatalogRole } | { token: TokenSubject } | null;

/** A request row as the permissions table sees it: its rule and who asked (by id and by email). */
export function requestSubject(row: { ruleId: string; requesterId: string; requester: { email: string } }): { request: RequestSubject } {
  return { request: { ruleId: row.ruleId, requesterId: row.requesterId, requesterEmail: row.requester.email } };
}

type Check = (actor: Actor, resource: Resource, catalog: Catalog) => boolean;

const requestOf = (resource: Resource): RequestSubject | null => (resource && "request" in resource ? resource.request : null);
/** This identity asked (another identity of the same person does not act as the requester). */
const own: Check = (actor, resource) => requestOf(resource)?.requesterId === actor.id;
const approves: Check = (actor, resource, catalog) => {
  const request = requestOf(resource);
  const rule = request && ruleById(catalog, request.ruleId);
  return rule !== null && rule !== undefined && mayApproveRequest(actor, rule);
};
const notSelf: Check = (actor, resource) => {
  const request = requestOf(resource);
  return request !== null && !isSelfReview(actor, request);
};
const ownToken: Check = (actor, resource) => resource !== null && "token" in resource && resource.token.ownerId === actor.id;
const admin: Check = (actor, _resource, catalog) => isAdmin(actor, catalog);
const all =
  (...checks: Check[]): Check =>
  (a, r, c) =>
    checks.every((check) => check(a, r, c));
const any =
  (...checks: Check[]): Check =>
  (a, r, c) =>
    checks.some((check) => check(a, r, c));

const TABLE = {
  /** Ask for a role (directly or by breaking glass). */
  "role.request": (actor, resource, catalog) => resource !== null && "role" in resource && mayRequestRole(actor, catalog, resource.role),
  /** See a request, its timeline and its sessions. */
  "request.view": any(own, approves, admin),
  "request.decide": all(approves, notSelf),
  "request.cancel": own,
  "request.nudge": own,
  "request.end": own,
  "request.extend": own,
  /** Open the console or take credentials for it. */
  "request.use": own,
  /** Approvers of its rule and admins: who may revoke it or review it, unless it is their own. */
  "request.oversee": any(approves, admin),
  "request.revoke": all(notSelf, any(approves, admin)),
  "review.complete": all(notSelf, any(approves, admin)),
  /** The approvals queue. */
  "approvals.view": any((actor, _r, catalog) => approvableRuleIds(actor, catalog).length > 0, admin),
  "audit.view": admin,
  "audit.export": admin,
  "audit.verify": admin,
  "catalog.view": admin,
  "catalog.check-roles": admin,
  /** The signing keys of Frontdesk's AWS identity provider: public facts only, never key material. */
  "signing-keys.view": admin,
  "notifications.view": admin,
  "notifications.manage": admin,
  /** End every session of a person (a lost laptop, a copied cookie). */
  "sessions.end": admin,
  /** Revoke a terminal device's API token: its owner, or an admin (a lost laptop). */
  "token.revoke": any(ownToken, admin),
  /** See every person's terminal devices. */
  "tokens.view-all": admin,
} satisfies Record<string, Check>;

export type PermissionAction = keyof typeof TABLE;

export function can(actor: Actor, action: PermissionAction, resource: Resource, catalog: Catalog): boolean {
  const check: Check | undefined = (TABLE as Record<string, Check>)[action];
  return check !== undefined && check(actor, resource, catalog);
}

/**
 * Refuses unless the table allows it. What the person may not see is "not found", exactly as an
 * id that does not exist: the refusal never tells whether the record or page is there.
 */
export function assertCan(actor: Actor, action: PermissionAction, resource: Resource, catalog: Catalog, message = "Not found."): void {
  if (!can(actor, action, resource, catalog)) throw new AppError("NOT_FOUND", message);
}

/** Several records acted on as one (the roles of one request): allowed only when allowed for each, and never for none. */
export function canEvery(actor: Actor, action: PermissionAction, resources: readonly Resource[], catalog: Catalog): boolean {
  return resources.length > 0 && resources.every((resource) => can(actor, action, resource, catalog));
}
