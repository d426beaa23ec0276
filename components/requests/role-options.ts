// What the request form needs to know about each role a person may ask for, taken from the
// catalog as plain data: the rule that would route the request, its limits, and the person's
// own shortcuts (automatic approval, break glass). The server still decides; this only shapes the form.
import { maxDurationFor } from "@/lib/catalog/rules";
import type { Catalog, CatalogRole, CatalogRule } from "@/lib/catalog/schema";
import { breakGlassRuleFor, isOneOf, requestRuleFor, type Actor } from "@/lib/policy/access";

interface TicketField {
  required: boolean;
  /** A regular expression the whole reference must match. */
  pattern: string | null;
  example: string | null;
}

/** Asking the usual way: routed to approvers (or approved by the rule at once). */
export interface StandardAsk {
  ruleId: string;
  maxMinutes: number;
  approvals: number;
  /** Approver groups and people, as the catalog names them. */
  approvers: string[];
  /** Set when this person's requests up to this long are approved without anyone. */
  autoApproveMaxMinutes: number | null;
  pendingTimeoutSeconds: number;
  /** Null when the rule takes no ticket reference. */
  ticket: TicketField | null;
  mfa: boolean;
}

interface BreakGlassAsk {
  ruleId: string;
  maxMinutes: number;
  /** Who is told and reviews it afterwards. */
  reviewers: string[];
  mfa: boolean;
}

export interface RoleOption {
  id: string;
  name: string;
  description: string;
  accountId: string;
  accountName: string;
  /** "Developer · Sandbox (123456789012)" */
  label: string;
  /** Null when this person may only break glass on the role. */
  standard: StandardAsk | null;
  /** Null unless this person is in one of the role's break-glass groups. */
  breakGlass: BreakGlassAsk | null;
}

export interface AccountGroup {
  accountId: string;
  /** "Sandbox (123456789012)" */
  label: string;
  roles: RoleOption[];
}

const minutes = (seconds: number) => Math.floor(seconds / 60);
const names = (rule: CatalogRule) => [...rule.approvers.groups, ...rule.approvers.users];

function ticketField(rule: CatalogRule): TicketField | null {
  const { required, pattern, example } = rule.ticket;
  if (!required && pattern === undefined && example === undefined) return null;
  return { required, pattern: pattern ?? null, example: example ?? null };
}

function standardAsk(actor: Actor, rule: CatalogRule, role: CatalogRole): StandardAsk {
  const auto = rule.autoApprove;
  const autoForMe = auto !== undefined && auto.groups.some((group) => actor.groups.includes(group));
  return {
    ruleId: rule.id,
    maxMinutes: minutes(maxDurationFor(rule, role)),
    approvals: rule.approvals,
    approvers: names(rule),
    autoApproveMaxMinutes: autoForMe ? minutes(Math.min(auto.maxDuration, maxDurationFor(rule, role))) : null,
    pendingTimeoutSeconds: rule.pendingTimeout,
    ticket: ticketField(rule),
    mfa: rule.mfa.request,
  };
}

function option(catalog: Catalog, role: CatalogRole, standard: StandardAsk | null, breakGlass: BreakGlassAsk | null): RoleOption {
  const accountName = catalog.accounts.find((a) => a.id === role.account)?.name ?? role.account;
  return {
    id: role.id,
    name: role.name,
    description: role.description,
    accountId: role.account,
    accountName,
    label: `${role.name} · ${accountName} (${role.account})`,
    standard,
    breakGlass,
  };
}

/** Every role this person may ask for or break glass on, in catalog order. */
export function roleOptions(catalog: Catalog, actor: Actor): RoleOption[] {
  return catalog.roles.flatMap((role) => {
    const rule = requestRuleFor(actor, catalog, role);
    const glass = breakGlassRuleFor(actor, catalog, role);
    if (!rule && !glass?.breakGlass) return [];
    const breakGlass: BreakGlassAsk | null = glass?.breakGlass
      ? { ruleId: glass.id, maxMinutes: minutes(Math.min(glass.breakGlass.maxDuration, role.maxDuration)), reviewers: names(glass), mfa: glass.mfa.request }
      : null;
    return [option(catalog, role, rule && standardAsk(actor, rule, role), breakGlass)];
  });
}

/**
 * The one option for more time on a grant: it stays under the grant's rule, which must still
 * cover the person; null when it no longer does (the server would refuse it too).
 */
export function extensionOption(catalog: Catalog, actor: Actor, role: CatalogRole, rule: CatalogRule | null): RoleOption | null {
  if (!rule || !isOneOf(actor, rule.requesters)) return null;
  return option(catalog, role, standardAsk(actor, rule, role), null);
}

/** Options grouped by account, accounts in catalog order. */
export function groupByAccount(catalog: Catalog, options: RoleOption[]): AccountGroup[] {
  return catalog.accounts
    .map((account) => ({
      accountId: account.id,
      label: `${account.name} (${account.id})`,
      roles: options.filter((o) => o.accountId === account.id),
    }))
    .filter((group) => group.roles.length > 0);
}
