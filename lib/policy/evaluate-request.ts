// Policy evaluation for a new request, as a pure function of the catalog, the person and what they
// asked for: which rule routes it, how many approvals it needs, whether it is approved at once,
// or why it is refused (with the form field to point at).
import { findRole } from "@/lib/catalog/rules";
import { coversRole, maxDurationFor, ruleById, ticketMatchesPattern } from "@/lib/catalog/rules";
import type { Catalog, CatalogAccount, CatalogRole, CatalogRule } from "@/lib/catalog/schema";
import { formatDuration } from "@/lib/duration";
import type { ErrorCode } from "@/lib/errors";
import { breakGlassRuleFor, isOneOf, requestRuleFor, type Actor } from "./access";
import { scheduledStartProblem, START_NOW_TOLERANCE_SECONDS } from "./request-window";

export interface RequestAsked {
  roleId: string;
  durationSeconds: number;
  ticket: string | null;
  /** A scheduled start; null means as soon as approved. */
  startAt: Date | null;
  breakGlass: boolean;
  /** For an extension: the rule of the grant it extends (extensions stay under their grant's rule). */
  extending: { ruleId: string } | null;
}

type Outcome =
  /** Routed to approvers. */
  | "PENDING"
  /** Approved by its rule's autoApprove conditions. */
  | "AUTO_APPROVED"
  /** Self-activated emergency access. */
  | "BREAK_GLASS";

export type Evaluation =
  | {
      ok: true;
      rule: CatalogRule;
      role: CatalogRole;
      account: CatalogAccount;
      outcome: Outcome;
      requiredApprovals: number;
      /** The scheduled start, or null to start once approved. */
      startAt: Date | null;
    }
  | { ok: false; code: ErrorCode; message: string; field: string };

const refuse = (code: ErrorCode, field: string, message: string): Evaluation => ({ ok: false, code, field, message });

export function evaluateRequest(catalog: Catalog, actor: Actor, asked: RequestAsked, now: Date): Evaluation {
  const found = findRole(catalog, asked.roleId);
  // A role the person may not request looks the same as one that does not exist.
  const notYours = refuse("FORBIDDEN", "roleId", "You may not request this role.");
  if (!found) return notYours;
  const { role, account } = found;

  if (asked.breakGlass) {
    if (asked.extending) return refuse("INVALID_INPUT", "breakGlass", "Break glass starts new access; it cannot extend a grant.");
    const rule = breakGlassRuleFor(actor, catalog, role);
    if (!rule?.breakGlass) return refuse("FORBIDDEN", "breakGlass", `You are not in a break-glass group for ${role.name}.`);
    if (asked.startAt) return refuse("INVALID_INPUT", "startAt", "Break glass starts now; it cannot be scheduled.");
    const breakGlassMax = Math.min(rule.breakGlass.maxDuration, role.maxDuration);
    if (asked.durationSeconds > breakGlassMax) {
      return refuse("INVALID_INPUT", "durationMinutes", `Break glass on ${role.name} lasts at most ${formatDuration(breakGlassMax)}.`);
    }
    if (rule.mfa.request && !actor.mfa) return refuse("MFA_REQUIRED", "form", `${role.name} needs a sign-in with multi-factor authentication.`);
    return { ok: true, rule, role, account, outcome: "BREAK_GLASS", requiredApprovals: 0, startAt: null };
  }

  // An extension stays under its grant's rule, which must still cover the role and the person.
  const extendedRuleId = asked.extending?.ruleId;
  const rule = extendedRuleId ? ruleById(catalog, extendedRuleId) : requestRuleFor(actor, catalog, role);
  if (!rule || !coversRole(rule, role) || !isOneOf(actor, rule.requesters)) return notYours;

  const maxSeconds = maxDurationFor(rule, role);
  if (asked.durationSeconds > maxSeconds) {
    return refuse("INVALID_INPUT", "durationMinutes", `${role.name} can be requested for at most ${formatDuration(maxSeconds)}.`);
  }
  if (rule.ticket.required && !asked.ticket) {
    return refuse("INVALID_INPUT", "ticket", `${role.name} needs a ticket reference${rule.ticket.example ? ` such as ${rule.ticket.example}` : ""}.`);
  }
  if (asked.ticket && !ticketMatchesPattern(asked.ticket, rule.ticket.pattern)) {
    return refuse(
      "INVALID_INPUT",
      "ticket",
      `“${asked.ticket}” does not look like a ticket reference for ${role.name}${rule.ticket.example ? `; write it like ${rule.ticket.example}` : ""}.`,
    );
  }
  if (rule.mfa.request && !actor.mfa) return refuse("MFA_REQUIRED", "form", `${role.name} needs a sign-in with multi-factor authentication.`);

  let startAt = asked.startAt;
  if (startAt && asked.extending) return refuse("INVALID_INPUT", "startAt", "More time starts where your current access ends; it cannot be scheduled.");
  if (startAt) {
    const aheadSeconds = (startAt.getTime() - now.getTime()) / 1000;
    const problem = scheduledStartProblem(startAt, now);
    if (problem) return refuse("INVALID_INPUT", "startAt", problem);
    if (aheadSeconds <= START_NOW_TOLERANCE_SECONDS) startAt = null;
  }

  const auto = rule.autoApprove;
  const autoApproved = auto !== undefined && auto.groups.some((g) => actor.groups.includes(g)) && asked.durationSeconds <= auto.maxDuration;
  return {
    ok: true,
    rule,
    role,
    account,
    outcome: autoApproved ? "AUTO_APPROVED" : "PENDING",
    requiredApprovals: autoApproved ? 0 : rule.approvals,
    startAt,
  };
}
