import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/db/client";
import type { Actor } from "@/lib/policy/access";
import { getAuthOptions, SESSION_MAX_AGE_SECONDS } from "./options";

/**
 * The signed-in person, as the database knows them now (groups from their latest sign-in),
 * or null. A session whose person no longer exists, or whose sign-in is too old, counts as signed out. Cached per request:
 * the header and the page share one lookup.
 */
export const getActor = cache(async function getActor(): Promise<Actor | null> {
  const session = await getServerSession(getAuthOptions());
  const id = session?.user?.id;
  if (!id) return null;
  const user = await (await getDb()).user.findUnique({ where: { id } });
  // An absolute limit: next-auth slides its cookie on use, so a session also ends this long after
  // the person's last real sign-in, which is when their groups were last read from the IdP.
  if (user && Date.now() - user.lastLoginAt.getTime() > SESSION_MAX_AGE_SECONDS * 1000) return null;
  return user ? { id: user.id, email: user.email, name: user.name, groups: user.groups } : null;
});

/** For pages: the actor, or a trip through sign-in that comes back to `returnTo`. */
export async function requireActor(returnTo: string): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return actor;
}
