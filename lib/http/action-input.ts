// What every server action does first: find the signed-in person (or refuse) and read form fields.
import { getActor } from "@/lib/auth/get-actor";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy/access";

export async function actorOrThrow(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
  return actor;
}
