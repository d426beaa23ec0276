"use server";

import { verifyChainAsAdmin, type AdminChainVerification } from "@/lib/audit/verify-chain-as-admin";
import { getActor } from "@/lib/auth/get-actor";
import { getDeps } from "@/lib/deps";
import { AppError, toUserError, type UserError } from "@/lib/errors";

export type VerifyChainResult = { ok: true; verification: AdminChainVerification } | { ok: false; error: UserError };

export async function verifyChainAction(): Promise<VerifyChainResult> {
  try {
    const actor = await getActor();
    if (!actor) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
    return { ok: true, verification: await verifyChainAsAdmin(await getDeps(), { actor }) };
  } catch (error) {
    return { ok: false, error: toUserError(error) };
  }
}
