"use server";

import { verifyChainAsAdmin, type AdminChainVerification } from "@/lib/audit/verify-chain-as-admin";
import { actorOrThrow } from "@/lib/http/action-input";
import { getDeps } from "@/lib/deps";
import { toUserError, type UserError } from "@/lib/errors";

export type VerifyChainResult = { ok: true; verification: AdminChainVerification } | { ok: false; error: UserError };

export async function verifyChainAction(): Promise<VerifyChainResult> {
  try {
    const actor = await actorOrThrow();
    return { ok: true, verification: await verifyChainAsAdmin(await getDeps(), { actor }) };
  } catch (error) {
    return { ok: false, error: toUserError(error) };
  }
}
