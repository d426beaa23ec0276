// Several roles asked for at once, as a pure function: each role is evaluated under its own rule
// (evaluateRequest), then the set takes the strictest outcome of them all. The shortest maximum
// duration, a ticket, multi-factor sign-in, break-glass rights: a role that needs it refuses the set
// by name. Approvals: the most any member's rule asks; auto-approval only when every role's rule
// grants it; the set expires with its shortest pending timeout.
import { findRole } from "@/lib/catalog/rules";
import type { Catalog } from "@/lib/catalog/schema";
import type { ErrorCode } from "@/lib/errors";
import type { Actor } from "./access";
import { evaluateRequest, type Evaluation, type RequestAsked } from "./evaluate-request";

/** The most roles one request may cover: one decision stays readable for its approvers. */
export const MAX_ROLES_PER_REQUEST = 20;

export type SetAsked = Omit<RequestAsked, "roleId" | "extending"> & { roleIds: readonly string[] };

export type MemberEvaluation = Extract<Evaluation, { ok: true }>;

export type SetEvaluation =
  | {
      ok: true;
      members: MemberEvaluation[];
      outcome: MemberEvaluation["outcome"];
      /** What every member needs: the most approvals any member's rule asks for (0 once approved by rule). */
      requiredApprovals: number;
      /** The shortest pending timeout among the members' rules, in seconds. */
      pendingTimeoutSeconds: number;
      startAt: Date | null;
    }
  | { ok: false; code: ErrorCode; message: string; field: string };

/** "Production (Payments 444455556666)": how a refusal names a role, or its id when unknown. */
export function roleLabel(catalog: Catalog, roleId: string): string {
  const found = findRole(catalog, roleId);
  return found ? `${found.role.name} (${found.account.name} ${found.account.id})` : `“${roleId}”`;
}

export function evaluateRequestSet(catalog: Catalog, actor: Actor, asked: SetAsked, now: Date): SetEvaluation {
  const roleIds = [...new Set(asked.roleIds)];
  if (roleIds.length === 0) return { ok: false, code: "INVALID_INPUT", field: "roleIds", message: "Choose at least one role." };
  if (roleIds.length > MAX_ROLES_PER_REQUEST) {
    return { ok: false, code: "INVALID_INPUT", field: "roleIds", message: `One request covers at most ${MAX_ROLES_PER_REQUEST} roles.` };
  }
  const members: MemberEvaluation[] = [];
  for (const roleId of roleIds) {
    const evaluation = evaluateRequest(catalog, actor, { ...asked, roleId, extending: null }, now);
    if (!evaluation.ok) {
      // Every refusal names its role: in a set, "this role" would not say which.
      const message =
        evaluation.field === "roleId" ? `You may not request ${roleLabel(catalog, roleId)}.` : `${roleLabel(catalog, roleId)}: ${evaluation.message}`;
      return { ok: false, code: evaluation.code, field: evaluation.field === "roleId" ? "roleIds" : evaluation.field, message };
    }
    members.push(evaluation);
  }
  const outcome = members.every((m) => m.outcome === "BREAK_GLASS")
    ? "BREAK_GLASS"
    : members.every((m) => m.outcome === "AUTO_APPROVED")
      ? "AUTO_APPROVED"
      : "PENDING";
  // A member its rule would have approved at once still counts its rule's approvals when the set waits.
  const requiredApprovals = outcome === "PENDING" ? Math.max(...members.map((m) => m.rule.approvals)) : 0;
  return {
    ok: true,
    members,
    outcome,
    requiredApprovals,
    pendingTimeoutSeconds: Math.min(...members.map((m) => m.rule.pendingTimeout)),
    startAt: members[0]?.startAt ?? null,
  };
}
