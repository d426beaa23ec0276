"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/get-actor";
import { getDeps } from "@/lib/deps";
import { AppError, toUserError, type UserError } from "@/lib/errors";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { createRequest } from "@/lib/requests/create-request";
import { decideRequest } from "@/lib/requests/decide-request";

export interface FormState {
  error?: UserError;
  values?: Record<string, string>;
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

export async function createRequestAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = {
    roleId: text(formData, "roleId"),
    justification: text(formData, "justification"),
    durationMinutes: text(formData, "durationMinutes"),
  };
  let id: string;
  try {
    const request = await createRequest(await getDeps(), { actor: await actorOrThrow(), input: values });
    id = request.id;
  } catch (error) {
    return { error: toUserError(error), values };
  }
  revalidatePath("/requests");
  redirect(`/requests/${id}?created=1`);
}

export async function decideRequestAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const requestId = text(formData, "requestId");
  const decision = text(formData, "decision");
  try {
    await decideRequest(await getDeps(), {
      actor: await actorOrThrow(),
      requestId,
      // Validated by the use case's schema: anything but APPROVE or DENY is refused there.
      decision: decision as "APPROVE" | "DENY",
      comment: text(formData, "comment") || undefined,
    });
  } catch (error) {
    return { error: toUserError(error), values: { comment: text(formData, "comment") } };
  }
  revalidatePath(`/requests/${requestId}`);
  revalidatePath("/approvals");
  redirect(`/requests/${requestId}`);
}

export async function cancelRequestAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const requestId = text(formData, "requestId");
  try {
    await cancelRequest(await getDeps(), { actor: await actorOrThrow(), requestId });
  } catch (error) {
    return { error: toUserError(error) };
  }
  revalidatePath(`/requests/${requestId}`);
  redirect(`/requests/${requestId}`);
}
