"use server";

import { getActor } from "@/lib/auth/get-actor";
import { checkCatalogRolesAsAdmin, type CatalogCheck } from "@/lib/catalog/check-catalog-roles";
import { getDeps } from "@/lib/deps";
import { AppError, toUserError, type UserError } from "@/lib/errors";

export type CheckRolesResult = { ok: true; check: CatalogCheck } | { ok: false; error: UserError };

export async function checkRolesAction(): Promise<CheckRolesResult> {
  try {
    const actor = await getActor();
    if (!actor) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
    return { ok: true, check: await checkCatalogRolesAsAdmin(await getDeps(), { actor }) };
  } catch (error) {
    return { ok: false, error: toUserError(error) };
  }
}
