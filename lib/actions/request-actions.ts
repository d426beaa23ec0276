"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { currentClientIp } from "@/lib/http/client-ip";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { endSchema } from "@/lib/requests/close-input";
import { completeReview } from "@/lib/requests/complete-review";
import { createRequest } from "@/lib/requests/create-request";
import { decideRequest } from "@/lib/requests/decide-request";
import { nudgeApprovers } from "@/lib/requests/nudge-approvers";
import { decisionSchema, newRequestSchema } from "@/lib/requests/request-input";
import { reviewSchema } from "@/lib/requests/review-input";
import { defineFormAction } from "./define-action";
import type { MessageFormState } from "./form-state";

export const createRequestAction = defineFormAction({
  schema: newRequestSchema,
  keep: ["roleId", "justification", "ticket", "durationMinutes", "startAt", "breakGlass", "extendsId"],
  run: async ({ deps, actor, input }) => createRequest(deps, { actor, input, clientIp: await currentClientIp() }),
  onSuccess(request) {
    revalidatePath("/requests");
    redirect(`/requests/${request.id}?created=1`);
  },
});

export const decideRequestAction = defineFormAction({
  schema: decisionSchema,
  keep: ["comment"],
  // The use case parses with the same schema: anything but APPROVE or DENY is refused there.
  run: ({ deps, actor, input }) => decideRequest(deps, { actor, ...input, decision: input.decision as "APPROVE" | "DENY" }),
  onSuccess(_result, { requestId }) {
    revalidatePath(`/requests/${requestId}`);
    revalidatePath("/approvals");
    redirect(`/requests/${requestId}`);
  },
});

export const cancelRequestAction = defineFormAction({
  schema: endSchema,
  run: ({ deps, actor, input }) => cancelRequest(deps, { actor, requestId: input.requestId }),
  onSuccess(_result, { requestId }) {
    revalidatePath(`/requests/${requestId}`);
    redirect(`/requests/${requestId}`);
  },
});

export const completeReviewAction = defineFormAction({
  schema: reviewSchema,
  keep: ["notes"],
  run: ({ deps, actor, input }) => completeReview(deps, { actor, ...input }),
  onSuccess(_result, { requestId }) {
    revalidatePath(`/requests/${requestId}`);
    revalidatePath("/approvals");
    redirect(`/requests/${requestId}`);
  },
});

export const nudgeApproversAction = defineFormAction<typeof endSchema, Awaited<ReturnType<typeof nudgeApprovers>>, MessageFormState>({
  schema: endSchema,
  run: ({ deps, actor, input }) => nudgeApprovers(deps, { actor, requestId: input.requestId }),
  onSuccess(_result, { requestId }) {
    revalidatePath(`/requests/${requestId}`);
    return { message: "The approvers were nudged." };
  },
});
