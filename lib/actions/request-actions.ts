"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { currentClientIp } from "@/lib/http/client-ip";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { endSchema } from "@/lib/requests/close-input";
import { completeReview } from "@/lib/requests/complete-review";
import { createRequest } from "@/lib/requests/create-request";
import { decideRequest } from "@/lib/requests/decide-request";
import { decisionSchema, requestFormSchema, rolesOfForm } from "@/lib/requests/request-input";
import { createRequestSet } from "@/lib/requests/create-request-set";
import { setFavouriteRole } from "@/lib/requests/role-shortcuts";
import { nudgeApprovers } from "@/lib/requests/nudge-approvers";
import { AppError } from "@/lib/errors";
import { z } from "zod";
import { reviewSchema } from "@/lib/requests/review-input";
import { identifierField } from "@/lib/input/safe-text";
import { defineAction, defineFormAction } from "./define-action";
import type { MessageFormState } from "./form-state";

export const createRequestAction = defineFormAction({
  schema: requestFormSchema,
  keep: ["roleId", "justification", "ticket", "durationMinutes", "startAt", "breakGlass", "extendsId"],
  // Several roles chosen: one request for them all (its first role's page shows the whole set).
  run: async ({ deps, actor, input }) => {
    const roleIds = rolesOfForm(input.roleId);
    const clientIp = await currentClientIp();
    if (roleIds.length <= 1) return createRequest(deps, { actor, input, clientIp });
    const { justification, ticket, durationMinutes, startAt, breakGlass, clientKey } = input;
    const asked = { justification, ticket, durationMinutes, startAt, breakGlass, clientKey, roleIds };
    const [first] = await createRequestSet(deps, { actor, input: asked, clientIp });
    if (!first) throw new AppError("INVALID_INPUT", "Choose a role.");
    return first;
  },
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

/** The role picker's star: stored per person, for roles they may request. */
export const setFavouriteRoleAction = defineAction({
  schema: z.object({ roleId: identifierField("The role", 200), favourite: z.boolean() }),
  run: async ({ deps, actor, input }) => {
    await setFavouriteRole(deps, { actor, ...input });
    return { ok: true as const };
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
