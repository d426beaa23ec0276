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
  /** The account's place in AWS Organizations, when the catalog records it (the picker searches it). */
  ou: string | null;
  /** "Developer · Sandbox (123456789012)" */
  label: string;
  /** Null when this person may only break glass on the role. */
  standard: StandardAsk | null;
  /** Null unless this person is in one of the role's break-glass groups. */
  breakGlass: BreakGlassAsk | null;
}

/** A role as the page sends it to the form: what its account group already says is left out. */
export type RoleChoice = Omit<RoleOption, "accountId" | "accountName" | "ou" | "label">;

/**
 * The roles of one account, as the page sends them to the form (with 1,500 roles the per-role
 * account fields and labels were most of the page); expandGroups turns them back into options.
 */
export interface AccountGroup {
  accountId: string;
  accountName: string;
  ou: string | null;
  /** "Sandbox (123456789012)" */
  label: string;
  roles: RoleChoice[];
}

const minutes = (seconds: number) => Math.floor(seconds / 60);
const names = (rule: CatalogRule) => [...rule.approvers.groups, ...rule.approvers.users];

function ticketField(rule: CatalogRule): TicketField | null {
  const { required, pattern, example } = rule.ticket;
  if (!required && pattern === undefined && example === undefined) return null;
  return { required, pattern: pattern ?? null, example: example ?? null };
}

/**
 * Equal asks are one object: roles under one rule usually ask the same, and the page's data then
 * carries each ask once (React writes an object met again as a reference to the first).
 */
type AskCache = Map<string, StandardAsk>;

function standardAsk(actor: Actor, rule: CatalogRule, role: CatalogRole, cache: AskCache = new Map()): StandardAsk {
  const auto = rule.autoApprove;
  const autoForMe = auto !== undefined && auto.groups.some((group) => actor.groups.includes(group));
  const maxMinutes = minutes(maxDurationFor(rule, role));
  const autoApproveMaxMinutes = autoForMe ? minutes(Math.min(auto.maxDuration, maxDurationFor(rule, role))) : null;
  const key = `${rule.id}\u0000${maxMinutes}\u0000${autoApproveMaxMinutes}`;
  const known = cache.get(key);
  if (known) return known;
  const ask: StandardAsk = {
    ruleId: rule.id,
    maxMinutes,
    approvals: rule.approvals,
    approvers: names(rule),
    autoApproveMaxMinutes,
    pendingTimeoutSeconds: rule.pendingTimeout,
    ticket: ticketField(rule),
    mfa: rule.mfa.request,
  };
  cache.set(key, ask);
  return ask;
}

function option(catalog: Catalog, role: CatalogRole, standard: StandardAsk | null, breakGlass: BreakGlassAsk | null): RoleOption {
  const account = catalog.accounts.find((a) => a.id === role.account);
  const accountName = account?.name ?? role.account;
  return {
    ou: account?.ou ?? null,
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
  const asks: AskCache = new Map();
  return catalog.roles.flatMap((role) => {
    const rule = requestRuleFor(actor, catalog, role);
    const glass = breakGlassRuleFor(actor, catalog, role);
    if (!rule && !glass?.breakGlass) return [];
    const breakGlass: BreakGlassAsk | null = glass?.breakGlass
      ? { ruleId: glass.id, maxMinutes: minutes(Math.min(glass.breakGlass.maxDuration, role.maxDuration)), reviewers: names(glass), mfa: glass.mfa.request }
      : null;
    return [option(catalog, role, rule && standardAsk(actor, rule, role, asks), breakGlass)];
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

function choice({ id, name, description, standard, breakGlass }: RoleOption): RoleChoice {
  return { id, name, description, standard, breakGlass };
}

/** Options grouped by account, accounts in catalog order. */
export function groupByAccount(catalog: Catalog, options: RoleOption[]): AccountGroup[] {
  const byAccount = Map.groupBy(options, (o) => o.accountId);
  return catalog.accounts.flatMap((account) => {
    const roles = byAccount.get(account.id) ?? [];
    const [first] = roles;
    return first ? [{ ...groupOf(first), roles: roles.map(choice) }] : [];
  });
}

/** One option in a group of its own (the extension form). */
export function groupOf(option: RoleOption): AccountGroup {
  return {
    accountId: option.accountId,
    accountName: option.accountName,
    ou: option.ou,
    label: `${option.accountName} (${option.accountId})`,
    roles: [choice(option)],
  };
}

/** The form's side of groupByAccount: every role of every group as a full option again. */
export function expandGroups(groups: readonly AccountGroup[]): RoleOption[] {
  return groups.flatMap(({ accountId, accountName, ou, roles }) =>
    roles.map((role) => ({ ...role, accountId, accountName, ou, label: `${role.name} · ${accountName} (${accountId})` })),
  );
}

const union = (lists: string[][]) => [...new Set(lists.flat())];

/**
 * Several roles chosen for one request, as the form shows them: the strictest of their rules (the
 * shortest maximum, the most approvals, a ticket or a second factor if any asks for one,
 * auto-approval and break glass only if every role allows them). The server decides the same way
 * (evaluateRequestSet) and names the role that refuses; this only shapes the form.
 */
export function combineRoles(roles: readonly RoleOption[]): RoleOption | undefined {
  const [first] = roles;
  if (!first || roles.length === 1) return first;
  const asks = roles.map((r) => r.standard);
  const glasses = roles.map((r) => r.breakGlass);
  const everyAsk = asks.every((a): a is StandardAsk => a !== null) ? (asks as StandardAsk[]) : null;
  const everyGlass = glasses.every((g): g is BreakGlassAsk => g !== null) ? (glasses as BreakGlassAsk[]) : null;
  const tickets = (everyAsk ?? []).map((a) => a.ticket).filter((t): t is TicketField => t !== null);
  const patterns = [...new Set(tickets.map((t) => t.pattern))];
  const autos = everyAsk?.map((a) => a.autoApproveMaxMinutes) ?? [];
  return {
    id: roles.map((r) => r.id).join(","),
    name: `${roles.length} roles`,
    description: "",
    accountId: first.accountId,
    accountName: first.accountName,
    ou: null,
    label: roles.map((r) => r.label).join(", "),
    standard: everyAsk && {
      ruleId: "",
      maxMinutes: Math.min(...everyAsk.map((a) => a.maxMinutes)),
      approvals: Math.max(...everyAsk.map((a) => a.approvals)),
      approvers: union(everyAsk.map((a) => a.approvers)),
      autoApproveMaxMinutes: autos.every((m): m is number => m !== null) ? Math.min(...autos) : null,
      pendingTimeoutSeconds: Math.min(...everyAsk.map((a) => a.pendingTimeoutSeconds)),
      ticket:
        tickets.length === 0
          ? null
          : {
              required: tickets.some((t) => t.required),
              // Two roles with different patterns: the server checks each and names the one that refuses.
              pattern: patterns.length === 1 ? (patterns[0] ?? null) : null,
              example: tickets.find((t) => t.example)?.example ?? null,
            },
      mfa: everyAsk.some((a) => a.mfa),
    },
    breakGlass: everyGlass && {
      ruleId: "",
      maxMinutes: Math.min(...everyGlass.map((g) => g.maxMinutes)),
      reviewers: union(everyGlass.map((g) => g.reviewers)),
      mfa: everyGlass.some((g) => g.mfa),
    },
  };
}

/** What a rule tells the form beyond its limits: many rules (every role's own shorthand rule) say the same. */
type RuleDetails = Omit<StandardAsk, "ruleId" | "maxMinutes" | "autoApproveMaxMinutes">;
type GlassDetails = Omit<BreakGlassAsk, "ruleId" | "maxMinutes">;

/**
 * One role: [id, name, description, index into accounts, standard, break glass], where standard is
 * [ruleId, maxMinutes, autoApproveMaxMinutes, index into details] and break glass [ruleId, maxMinutes, index into glass];
 * a rule id is null when it is the role's own id (a role's shorthand rule is named after it).
 */
type RuleRef = string | null;
type CompactRole = [string, string, string, number, [RuleRef, number, number | null, number] | null, [RuleRef, number, number] | null];

/**
 * The role picker's options as the page sends them to the browser: accounts and rule details once
 * (details that several rules share, once for all of them), each role as a short row pointing at
 * them. The form rebuilds the options (expandRoleOptions); every role keeps its own rule id and limits.
 */
export interface CompactRoleOptions {
  accounts: { id: string; name: string; ou: string | null }[];
  details: RuleDetails[];
  glass: GlassDetails[];
  roles: CompactRole[];
}

/** The index of a value in a list of distinct values, added when new (compared by content). */
function indexer<T>(list: T[]): (value: T) => number {
  const seen = new Map<string, number>();
  return (value) => {
    const key = JSON.stringify(value);
    let index = seen.get(key);
    if (index === undefined) seen.set(key, (index = list.push(value) - 1));
    return index;
  };
}

export function compactRoleOptions(groups: readonly AccountGroup[]): CompactRoleOptions {
  const compact: CompactRoleOptions = { accounts: [], details: [], glass: [], roles: [] };
  const account = indexer(compact.accounts);
  const details = indexer(compact.details);
  const glass = indexer(compact.glass);
  for (const group of groups) {
    const at = account({ id: group.accountId, name: group.accountName, ou: group.ou });
    for (const o of group.roles) {
      const s = o.standard;
      const g = o.breakGlass;
      compact.roles.push([
        o.id,
        o.name,
        o.description,
        at,
        s && [
          s.ruleId === o.id ? null : s.ruleId,
          s.maxMinutes,
          s.autoApproveMaxMinutes,
          details({ approvals: s.approvals, approvers: s.approvers, pendingTimeoutSeconds: s.pendingTimeoutSeconds, ticket: s.ticket, mfa: s.mfa }),
        ],
        g && [g.ruleId === o.id ? null : g.ruleId, g.maxMinutes, glass({ reviewers: g.reviewers, mfa: g.mfa })],
      ]);
    }
  }
  return compact;
}

/** The account groups again, as groupByAccount made them, from what compactRoleOptions sent. */
export function expandRoleOptions(compact: CompactRoleOptions): AccountGroup[] {
  const groups: AccountGroup[] = [];
  for (const [id, name, description, index, standard, glass] of compact.roles) {
    const account = compact.accounts[index]!;
    let group = groups.at(-1);
    if (group?.accountId !== account.id) {
      group = { accountId: account.id, accountName: account.name, ou: account.ou, label: `${account.name} (${account.id})`, roles: [] };
      groups.push(group);
    }
    group.roles.push({
      id,
      name,
      description,
      standard: standard && { ruleId: standard[0] ?? id, maxMinutes: standard[1], autoApproveMaxMinutes: standard[2], ...compact.details[standard[3]]! },
      breakGlass: glass && { ruleId: glass[0] ?? id, maxMinutes: glass[1], ...compact.glass[glass[2]]! },
    });
  }
  return groups;
}
