"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/get-actor";
import { getDeps } from "@/lib/deps";
import { AppError, toUserError, type UserError } from "@/lib/errors";
import { endRequest } from "@/lib/requests/end-request";
import { revokeRequest } from "@/lib/requests/revoke-request";

export interface CloseFormState {
  error?: UserError;
  values?: { reason?: string };
}

async function actorOrThrow() {
  const actor = await getActor();
  if (!actor) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
  return actor;
}

function text(formData: FormData, key: string): string {
  const value = formData.get(key);
  return typeof value === "string" ? value : "";
}

function done(requestId: string): never {
  revalidatePath(`/requests/${requestId}`);
  revalidatePath("/requests");
  revalidatePath("/approvals");
  redirect(`/requests/${encodeURIComponent(requestId)}`);
}

export async function revokeRequestAction(_prev: CloseFormState, formData: FormData): Promise<CloseFormState> {
  const requestId = text(formData, "requestId");
  const reason = text(formData, "reason");
  try {
    await revokeRequest(await getDeps(), { actor: await actorOrThrow(), requestId, reason });
  } catch (error) {
    return { error: toUserError(error), values: { reason } };
  }
  done(requestId);
}

export async function endRequestAction(_prev: CloseFormState, formData: FormData): Promise<CloseFormState> {
  const requestId = text(formData, "requestId");
  try {
    await endRequest(await getDeps(), { actor: await actorOrThrow(), requestId });
  } catch (error) {
    return { error: toUserError(error) };
  }
  done(requestId);
}
