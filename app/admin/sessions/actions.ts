"use server";

import { getDeps } from "@/lib/deps";
import { endPersonSessions } from "@/lib/auth/end-person-sessions";
import { toUserError, type UserError } from "@/lib/errors";
import { actorOrThrow } from "@/lib/http/action-input";

export type EndSessionsResult = { ok: true; message: string } | { ok: false; error: UserError };

export async function endPersonSessionsAction(email: string): Promise<EndSessionsResult> {
  try {
    const actor = await actorOrThrow();
    const count = await endPersonSessions(await getDeps(), { actor, email: typeof email === "string" ? email.slice(0, 400) : "" });
    return { ok: true, message: `Ended every session of ${count === 1 ? "this person" : `these ${count} identities`}. They must sign in again.` };
  } catch (error) {
    return { ok: false, error: toUserError(error) };
  }
}
