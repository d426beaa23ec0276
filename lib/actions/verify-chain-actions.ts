"use server";

import { z } from "zod";
import { verifyChainAsAdmin, type AdminChainVerification } from "@/lib/audit/verify-chain-as-admin";
import { defineAction } from "./define-action";
import type { ActionFailure } from "./form-state";

export type VerifyChainResult = { ok: true; verification: AdminChainVerification } | ActionFailure;

export const verifyChainAction = defineAction({
  schema: z.void(),
  run: async ({ deps, actor }): Promise<VerifyChainResult> => ({ ok: true, verification: await verifyChainAsAdmin(deps, { actor }) }),
});
