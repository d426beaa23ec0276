"use server";

import { z } from "zod";
import { checkCatalogRolesAsAdmin, type CatalogCheck } from "@/lib/catalog/check-catalog-roles";
import { defineAction } from "./define-action";
import type { ActionFailure } from "./form-state";

export type CheckRolesResult = { ok: true; check: CatalogCheck } | ActionFailure;

export const checkRolesAction = defineAction({
  schema: z.void(),
  run: async ({ deps, actor }): Promise<CheckRolesResult> => ({ ok: true, check: await checkCatalogRolesAsAdmin(deps, { actor }) }),
});
