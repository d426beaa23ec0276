"use server";

import { revalidatePath } from "next/cache";
import { getDeps } from "@/lib/deps";
import { toUserError, type UserError } from "@/lib/errors";
import { actorOrThrow } from "@/lib/http/action-input";
import { retryDelivery } from "@/lib/notify/list-deliveries";
import { sendTestMessage } from "@/lib/notify/send-test-message";

export type NotificationActionResult = { ok: true; message: string } | { ok: false; error: UserError };

export async function sendTestMessageAction(input: { channel?: string; email?: string }): Promise<NotificationActionResult> {
  try {
    const actor = await actorOrThrow();
    const channel = typeof input.channel === "string" ? input.channel.slice(0, 100) : undefined;
    const email = typeof input.email === "string" ? input.email.slice(0, 320) : undefined;
    return { ok: true, message: await sendTestMessage(await getDeps(), { actor, input: { channel, email } }) };
  } catch (error) {
    return { ok: false, error: toUserError(error) };
  }
}

export async function retryDeliveryAction(jobId: string): Promise<NotificationActionResult> {
  try {
    const actor = await actorOrThrow();
    await retryDelivery(await getDeps(), { actor, jobId: String(jobId).slice(0, 64) });
    revalidatePath("/admin/notifications");
    return { ok: true, message: "Queued for another try." };
  } catch (error) {
    return { ok: false, error: toUserError(error) };
  }
}
