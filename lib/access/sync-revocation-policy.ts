// Makes a role's revocation deny policy at AWS match the revocations still live in the database,
// then records what AWS now holds. Always recomputed from the whole set, never patched, so
// running it twice or out of order converges on the same document.
import { auditedTransaction, recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { Revocation } from "@/lib/generated/prisma/client";
import { managementRoleForArn } from "@/lib/catalog/management";
import { parseRoleArn } from "@/lib/aws/role-arn";
import { REVOCATION_POLICY_NAME, RevocationPolicyTooLargeError } from "./revocation-policy";
import { DEFAULT_PACKING_LIMITS, packRevocations, type PackedRevocations } from "./revocation-packing";

/** Where Frontdesk's spill-over policies live in each account; nothing else there is touched. */
export const REVOCATION_POLICY_PATH = "/frontdesk-revocations/";
const managedRevocationPolicyName = (roleArn: string, index: number) => `${REVOCATION_POLICY_NAME}-${parseRoleArn(roleArn).roleName}-${index + 1}`;

export async function syncRevocationPolicy(deps: Deps, roleArn: string): Promise<void> {
  const now = deps.now();
  const unfinished = await deps.db.revocation.findMany({ where: { roleArn, status: { in: ["PENDING", "APPLIED"] } } });
  // Past removeAfter a revocation no longer matters: every session it targeted has expired.
  const live = unfinished.filter((r) => r.removeAfter > now);
  const expired = unfinished.filter((r) => r.removeAfter <= now);

  await writePolicies(deps, roleArn, buildPolicy(deps, live));

  // What AWS accepted covers every live revocation, so each of them is applied, not just the one
  // whose job ran: their own jobs then find nothing left to do.
  await record(
    deps,
    live.filter((r) => r.status === "PENDING"),
    "APPLIED",
  );
  await record(deps, expired, "REMOVED");
}

/**
 * Inline first, then the managed policies in order, then the ones no longer needed: statements
 * only move towards earlier documents as old revocations expire, so each is written before it
 * leaves the later one.
 */
async function writePolicies(deps: Deps, roleArn: string, packed: PackedRevocations): Promise<void> {
  // In the role's own account, through its management role when the catalog names one.
  const via = managementRoleForArn(deps.catalog, roleArn);
  const ref = { roleArn, policyName: REVOCATION_POLICY_NAME, via };
  if (packed.inline) await deps.aws.putRolePolicy({ ...ref, document: packed.inline });
  const managedRef = { roleArn, path: REVOCATION_POLICY_PATH, via };
  const current =
    packed.managed.length > 0 || deps.catalog.revocation.managedPolicies > 0 ? await deps.aws.readManagedRolePolicies(managedRef) : new Map<string, string>();
  for (const [index, document] of packed.managed.entries()) {
    const policyName = managedRevocationPolicyName(roleArn, index);
    if (current.get(policyName) !== document) await deps.aws.writeManagedRolePolicy({ ...managedRef, policyName, document });
  }
  const wanted = new Set(packed.managed.map((_, index) => managedRevocationPolicyName(roleArn, index)));
  for (const policyName of current.keys()) if (!wanted.has(policyName)) await deps.aws.removeManagedRolePolicy({ ...managedRef, policyName });
  if (!packed.inline) await deps.aws.deleteRolePolicy(ref);
}

function buildPolicy(deps: Deps, live: Revocation[]): PackedRevocations {
  try {
    return packRevocations(live, { ...DEFAULT_PACKING_LIMITS, managedPolicies: deps.catalog.revocation.managedPolicies });
  } catch (error) {
    if (!(error instanceof RevocationPolicyTooLargeError)) throw error;
    throw new AppError(
      "AWS_ERROR",
      `The revocation deny statements would need ${error.size} characters, more than the ${error.limit} of the role's inline policy and its ${deps.catalog.revocation.managedPolicies} Frontdesk managed policies. Frontdesk retries as older revocations expire; until then an admin should revoke this role's sessions in the IAM console.`,
    );
  }
}

async function record(deps: Deps, revocations: Revocation[], to: "APPLIED" | "REMOVED"): Promise<void> {
  if (revocations.length === 0) return;
  const now = deps.now();
  await auditedTransaction(deps.db, async (tx) => {
    for (const revocation of revocations) {
      const changed = await tx.revocation.updateMany({
        where: { id: revocation.id, status: revocation.status },
        data: to === "APPLIED" ? { status: to, appliedAt: now } : { status: to, removedAt: now },
      });
      // Another runner recorded it first.
      if (changed.count !== 1) continue;
      await recordAuditEvent(
        tx,
        {
          actorId: null,
          action: to === "APPLIED" ? "revocation.applied" : "revocation.removed",
          targetType: "revocation",
          targetId: revocation.id,
          requestId: revocation.requestId,
          data: { roleArn: revocation.roleArn, sourceIdentity: revocation.sourceIdentity, cutoff: revocation.cutoff.toISOString() },
        },
        now,
      );
    }
  });
}
