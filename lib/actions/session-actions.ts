"use server";

import { z } from "zod";
import { endPersonSessions } from "@/lib/auth/end-person-sessions";
import { defineAction } from "./define-action";
import type { ActionFailure } from "./form-state";

export type EndSessionsResult = { ok: true; message: string } | ActionFailure;

/** An admin ends every session of one person (by email); the use case validates the address. */
export const endPersonSessionsAction = defineAction({
  schema: z.string().max(400),
  run: async ({ deps, actor, input }): Promise<EndSessionsResult> => {
    const count = await endPersonSessions(deps, { actor, email: input });
    return { ok: true, message: `Ended every session of ${count === 1 ? "this person" : `these ${count} identities`}. They must sign in again.` };
  },
});
