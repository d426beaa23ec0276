"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDeps } from "@/lib/deps";
import { actorOrThrow, formText } from "@/lib/http/action-input";
import { toUserError, type UserError } from "@/lib/errors";
import { endRequest } from "@/lib/requests/end-request";
import { revokeRequest } from "@/lib/requests/revoke-request";

export interface CloseFormState {
  error?: UserError;
  values?: { reason?: string };
}

function done(requestId: string): never {
  revalidatePath(`/requests/${requestId}`);
  revalidatePath("/requests");
  revalidatePath("/approvals");
  redirect(`/requests/${encodeURIComponent(requestId)}`);
}

export async function revokeRequestAction(_prev: CloseFormState, formData: FormData): Promise<CloseFormState> {
  const requestId = formText(formData, "requestId");
  const reason = formText(formData, "reason");
  try {
    await revokeRequest(await getDeps(), { actor: await actorOrThrow(), requestId, reason });
  } catch (error) {
    return { error: toUserError(error), values: { reason } };
  }
  done(requestId);
}

export async function endRequestAction(_prev: CloseFormState, formData: FormData): Promise<CloseFormState> {
  const requestId = formText(formData, "requestId");
  try {
    await endRequest(await getDeps(), { actor: await actorOrThrow(), requestId });
  } catch (error) {
    return { error: toUserError(error) };
  }
  done(requestId);
}
