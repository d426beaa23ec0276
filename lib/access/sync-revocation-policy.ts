// Makes a role's revocation deny policy at AWS match the revocations still live in the database,
// then records what AWS now holds. Always recomputed from the whole set, never patched, so
// running it twice or out of order converges on the same document.
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { Revocation } from "@/lib/generated/prisma/client";
import { buildRevocationPolicy, REVOCATION_POLICY_NAME, RevocationPolicyTooLargeError } from "./revocation-policy";

export async function syncRevocationPolicy(deps: Deps, roleArn: string): Promise<void> {
  const now = deps.now();
  const unfinished = await deps.db.revocation.findMany({ where: { roleArn, status: { in: ["PENDING", "APPLIED"] } } });
  // Past removeAfter a revocation no longer matters: every session it targeted has expired.
  const live = unfinished.filter((r) => r.removeAfter > now);
  const expired = unfinished.filter((r) => r.removeAfter <= now);

  const ref = { roleArn, policyName: REVOCATION_POLICY_NAME };
  const document = buildPolicy(live);
  if (document) await deps.aws.putRolePolicy({ ...ref, document });
  else await deps.aws.deleteRolePolicy(ref);

  // What AWS accepted covers every live revocation, so each of them is applied, not just the one
  // whose job ran: their own jobs then find nothing left to do.
  await record(deps, live.filter((r) => r.status === "PENDING"), "APPLIED");
  await record(deps, expired, "REMOVED");
}

function buildPolicy(live: Revocation[]): string | null {
  try {
    return buildRevocationPolicy(live);
  } catch (error) {
    if (!(error instanceof RevocationPolicyTooLargeError)) throw error;
    throw new AppError(
      "AWS_ERROR",
      `${error.message} Frontdesk retries as older revocations expire; until then an admin should revoke this role's sessions in the IAM console.`,
    );
  }
}

async function record(deps: Deps, revocations: Revocation[], to: "APPLIED" | "REMOVED"): Promise<void> {
  if (revocations.length === 0) return;
  const now = deps.now();
  await deps.db.$transaction(async (tx) => {
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
