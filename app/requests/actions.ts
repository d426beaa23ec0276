"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDeps } from "@/lib/deps";
import { actorOrThrow, formText } from "@/lib/http/action-input";
import { currentClientIp } from "@/lib/http/client-ip";
import { toUserError, type UserError } from "@/lib/errors";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { createRequest } from "@/lib/requests/create-request";
import { completeReview } from "@/lib/requests/complete-review";
import { decideRequest } from "@/lib/requests/decide-request";

export interface FormState {
  error?: UserError;
  values?: Record<string, string>;
}

export async function createRequestAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = {
    roleId: formText(formData, "roleId"),
    justification: formText(formData, "justification"),
    ticket: formText(formData, "ticket"),
    durationMinutes: formText(formData, "durationMinutes"),
    startAt: formText(formData, "startAt"),
    breakGlass: formText(formData, "breakGlass"),
    extendsId: formText(formData, "extendsId"),
  };
  let id: string;
  try {
    const input = { ...values, clientKey: formText(formData, "clientKey") };
    const request = await createRequest(await getDeps(), { actor: await actorOrThrow(), input, clientIp: await currentClientIp() });
    id = request.id;
  } catch (error) {
    return { error: toUserError(error), values };
  }
  revalidatePath("/requests");
  redirect(`/requests/${id}?created=1`);
}

export async function decideRequestAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const requestId = formText(formData, "requestId");
  const decision = formText(formData, "decision");
  try {
    await decideRequest(await getDeps(), {
      actor: await actorOrThrow(),
      requestId,
      // Validated by the use case's schema: anything but APPROVE or DENY is refused there.
      decision: decision as "APPROVE" | "DENY",
      comment: formText(formData, "comment") || undefined,
    });
  } catch (error) {
    return { error: toUserError(error), values: { comment: formText(formData, "comment") } };
  }
  revalidatePath(`/requests/${requestId}`);
  revalidatePath("/approvals");
  redirect(`/requests/${requestId}`);
}

export async function cancelRequestAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const requestId = formText(formData, "requestId");
  try {
    await cancelRequest(await getDeps(), { actor: await actorOrThrow(), requestId });
  } catch (error) {
    return { error: toUserError(error) };
  }
  revalidatePath(`/requests/${requestId}`);
  redirect(`/requests/${requestId}`);
}

export async function completeReviewAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const requestId = formText(formData, "requestId");
  const notes = formText(formData, "notes");
  try {
    await completeReview(await getDeps(), { actor: await actorOrThrow(), requestId, notes });
  } catch (error) {
    return { error: toUserError(error), values: { notes } };
  }
  revalidatePath(`/requests/${requestId}`);
  revalidatePath("/approvals");
  redirect(`/requests/${requestId}`);
}
