"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { retryDelivery } from "@/lib/notify/list-deliveries";
import { sendTestMessage } from "@/lib/notify/send-test-message";
import { defineAction } from "./define-action";
import type { ActionFailure } from "./form-state";

export type NotificationActionResult = { ok: true; message: string } | ActionFailure;

/** Text of at most `max` characters; anything that is not text reads as absent. */
const clipped = (max: number) =>
  z
    .unknown()
    .optional()
    .transform((value) => (typeof value === "string" ? value.slice(0, max) : undefined));

export const sendTestMessageAction = defineAction({
  schema: z.object({ channel: clipped(100), email: clipped(320) }),
  run: async ({ deps, actor, input }): Promise<NotificationActionResult> => ({ ok: true, message: await sendTestMessage(deps, { actor, input }) }),
});

export const retryDeliveryAction = defineAction({
  schema: z.unknown().transform((jobId) => String(jobId).slice(0, 64)),
  async run({ deps, actor, input: jobId }): Promise<NotificationActionResult> {
    await retryDelivery(deps, { actor, jobId });
    revalidatePath("/admin/notifications");
    return { ok: true, message: "Queued for another try." };
  },
});
