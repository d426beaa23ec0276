// The role picker's shortcuts for one person: the roles they starred (favourites) and the roles of
// their latest requests (recents). Only roles the person may still request are returned or stored.
import { findRole } from "@/lib/catalog/rules";
import type { Deps } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy/access";
import { can } from "@/lib/policy/permissions";

/** How many recent roles the picker offers. */
export const RECENT_ROLES = 8;
/** How many favourites one person may keep. */
export const MAX_FAVOURITES = 100;

const requestable = (deps: Deps, actor: Actor, roleId: string) => {
  const found = findRole(deps.catalog, roleId);
  return found !== null && can(actor, "role.request", { role: found.role }, deps.catalog);
};

export async function loadRoleShortcuts(deps: Deps, actor: Actor): Promise<{ favourites: string[]; recents: string[] }> {
  const [favourites, latest] = await Promise.all([
    deps.db.favouriteRole.findMany({ where: { userId: actor.id }, orderBy: { createdAt: "asc" }, select: { roleId: true } }),
    deps.db.accessRequest.findMany({
      where: { requesterId: actor.id, kind: { not: "EXTENSION" } },
      orderBy: { createdAt: "desc" },
      take: 100,
      select: { roleId: true },
    }),
  ]);
  const recents = [...new Set(latest.map((r) => r.roleId))].filter((id) => requestable(deps, actor, id)).slice(0, RECENT_ROLES);
  return { favourites: favourites.map((f) => f.roleId).filter((id) => requestable(deps, actor, id)), recents };
}

/** Stars or unstars a role for this person; a role they may not request is not found. */
export async function setFavouriteRole(deps: Deps, { actor, roleId, favourite }: { actor: Actor; roleId: string; favourite: boolean }): Promise<void> {
  if (!requestable(deps, actor, roleId)) throw new AppError("NOT_FOUND", "No such role.");
  if (!favourite) {
    await deps.db.favouriteRole.deleteMany({ where: { userId: actor.id, roleId } });
    return;
  }
  if ((await deps.db.favouriteRole.count({ where: { userId: actor.id } })) >= MAX_FAVOURITES) {
    throw new AppError("CONFLICT", `You can keep at most ${MAX_FAVOURITES} favourite roles. Unstar one first.`);
  }
  await deps.db.favouriteRole.upsert({
    where: { userId_roleId: { userId: actor.id, roleId } },
    create: { userId: actor.id, roleId, createdAt: deps.now() },
    update: {},
  });
}
