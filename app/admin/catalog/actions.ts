"use server";

import { actorOrThrow } from "@/lib/http/action-input";
import { checkCatalogRolesAsAdmin, type CatalogCheck } from "@/lib/catalog/check-catalog-roles";
import { getDeps } from "@/lib/deps";
import { toUserError, type UserError } from "@/lib/errors";

export type CheckRolesResult = { ok: true; check: CatalogCheck } | { ok: false; error: UserError };

export async function checkRolesAction(): Promise<CheckRolesResult> {
  try {
    const actor = await actorOrThrow();
    return { ok: true, check: await checkCatalogRolesAsAdmin(await getDeps(), { actor }) };
  } catch (error) {
    return { ok: false, error: toUserError(error) };
  }
}
