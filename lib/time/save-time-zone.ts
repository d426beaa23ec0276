// Remembers a person's time zone, so email written for them (when nobody's browser is around)
// uses it too. Only their own row; an invalid zone is refused.
import type { Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy/access";
import { isTimeZone } from "./format";

export async function saveTimeZone(deps: Pick<Deps, "db">, options: { actor: Actor; zone: string }): Promise<void> {
  if (!isTimeZone(options.zone)) throw new AppError("INVALID_INPUT", "That time zone is not known.");
  await deps.db.user.update({ where: { id: options.actor.id }, data: { timeZone: options.zone } });
}
