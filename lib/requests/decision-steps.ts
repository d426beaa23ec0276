// The steps a decision takes once its rows are locked, shared by a single request's decision and
// a set's (several roles asked for together).
import { maxDurationFor } from "@/lib/catalog/rules";
import type { CatalogRole, CatalogRule } from "@/lib/catalog/schema";
import { AppError } from "@/lib/errors";
import type { AccessRequest, Prisma } from "@/lib/generated/prisma/client";
import { stillEligible } from "@/lib/policy/access";
import { extendGrant, openWindow, scheduleWindow } from "./windows";

/** Approving: the requester must still be allowed this role, by the current catalog and groups. */
export async function assertStillEligible(tx: Prisma.TransactionClient, row: AccessRequest, rule: CatalogRule, role: CatalogRole): Promise<void> {
  const requester = await tx.user.findUniqueOrThrow({ where: { id: row.requesterId } });
  if (!stillEligible(requester, rule, role, row.kind)) {
    throw new AppError(
      "CONFLICT",
      `${requester.name} may no longer request ${role.name} (their groups or the catalog changed since they asked). Deny the request instead.`,
    );
  }
}

/** The last approval: an extension lengthens its grant, a scheduled request waits for its start, any other opens now. */
export async function startApprovedWindow(
  tx: Prisma.TransactionClient,
  row: AccessRequest,
  grant: AccessRequest | null,
  rule: CatalogRule,
  role: CatalogRole,
  now: Date,
  actorId: string,
): Promise<void> {
  if (row.kind === "EXTENSION" && grant && row.extendsId) {
    await extendGrant(tx, { ...row, extendsId: row.extendsId }, grant, now, actorId, maxDurationFor(rule, role));
  } else if (row.requestedStartAt && row.requestedStartAt > now) {
    await scheduleWindow(tx, row, row.requestedStartAt, now, actorId);
  } else {
    await openWindow(tx, row, now, actorId);
  }
}

export function reload(tx: Prisma.TransactionClient, id: string): Promise<AccessRequest> {
  return tx.accessRequest.findUniqueOrThrow({ where: { id } });
}

export function loadReviews(tx: Prisma.TransactionClient, requestId: string) {
  return tx.review.findMany({
    where: { requestId },
    orderBy: { createdAt: "asc" },
    select: { decision: true, reviewer: { select: { id: true, email: true, name: true, groups: true } } },
  });
}
