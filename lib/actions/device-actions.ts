"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { revokeToken } from "@/lib/api/api-tokens";
import { confirmDevice } from "@/lib/api/device-flow";
import { confirmLoopback } from "@/lib/api/loopback-flow";
import { defineAction } from "./define-action";

/** The person confirms (or refuses) the code their terminal shows: `frontdesk login`. */
export const confirmDeviceAction = defineAction({
  schema: z.object({ userCode: z.string().max(20), approve: z.boolean() }),
  run: async ({ deps, actor, input }) => {
    const { deviceName } = await confirmDevice(deps, { actor, ...input });
    return {
      ok: true as const,
      message: input.approve
        ? `Signed in “${deviceName}”. You can close this tab and go back to your terminal.`
        : `Refused. “${deviceName}” was not signed in.`,
    };
  },
});

/** Signs a terminal device out: its owner, or an admin. */
export const revokeDeviceAction = defineAction({
  schema: z.string().max(64),
  run: async ({ deps, actor, input }) => {
    const result = await revokeToken(deps, { actor, tokenId: input });
    revalidatePath("/devices");
    return { ok: true as const, revoked: result.revoked };
  },
});

/** The loopback variant (`frontdesk login --browser`): confirm, then send the browser back to the terminal. */
export const confirmLoopbackAction = defineAction({
  schema: z.object({ userCode: z.string().max(20), redirectUri: z.string().max(200), state: z.string().max(128) }),
  run: async ({ deps, actor, input }) => {
    const { deviceName, redirect } = await confirmLoopback(deps, { actor, ...input });
    return { ok: true as const, message: `Signed in “${deviceName}”. Returning to your terminal…`, redirect };
  },
});
