"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { endSchema, revokeSchema } from "@/lib/requests/close-input";
import { endRequest } from "@/lib/requests/end-request";
import { revokeRequest } from "@/lib/requests/revoke-request";
import { defineFormAction } from "./define-action";
import type { CloseFormState } from "./form-state";

function done(_result: unknown, { requestId }: { requestId: string }): never {
  revalidatePath(`/requests/${requestId}`);
  revalidatePath("/requests");
  revalidatePath("/approvals");
  redirect(`/requests/${encodeURIComponent(requestId)}`);
}

export const revokeRequestAction = defineFormAction<typeof revokeSchema, unknown, CloseFormState>({
  schema: revokeSchema,
  keep: ["reason"],
  run: ({ deps, actor, input }) => revokeRequest(deps, { actor, ...input }),
  onSuccess: done,
});

export const endRequestAction = defineFormAction<typeof endSchema, unknown, CloseFormState>({
  schema: endSchema,
  run: ({ deps, actor, input }) => endRequest(deps, { actor, requestId: input.requestId }),
  onSuccess: done,
});
