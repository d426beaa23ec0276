import "server-only";
import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { noteActor } from "@/lib/log/context";
import type { Actor } from "@/lib/policy/access";
import { getAuthOptions, sessionLimits } from "./options";
import { sessionState } from "./session-state";
import { sessionEndReason } from "./session-validity";

type SessionLookup = { actor: Actor; expired: false } | { actor: null; expired: boolean };

/**
 * The signed-in person, as the database knows them now (groups from their latest sign-in), with
 * how they authenticated; `expired` when a session cookie was sent but the session has ended (idle
 * timeout, absolute cap, or the person no longer exists). Cached per request.
 */
const lookupSession = cache(async function lookupSession(): Promise<SessionLookup> {
  const session = await getServerSession(getAuthOptions());
  const hadCookie = (await cookies()).getAll().some((c) => /(^|\.)next-auth\.session-token(\.\d+)?$/.test(c.name));
  const id = session?.user?.id;
  if (!id) return { actor: null, expired: hadCookie };
  const user = await (await getDb()).user.findUnique({ where: { id } });
  if (!user) return { actor: null, expired: true };
  const now = new Date();
  // The session endpoint already applied these rules with a briefly cached version; here the row
  // just loaded makes a sign-out or an admin's "end sessions" count at once.
  const token = { iat: session.auth?.issuedAt, signedInAt: session.auth?.signedInAt, uid: id, sv: session.auth?.version };
  if (sessionEndReason(token, user, now, sessionLimits(getEnv()))) return { actor: null, expired: true };
  const state = sessionState(session.auth, { lastLoginAt: user.lastLoginAt }, now, sessionLimits(getEnv()).maxSeconds);
  if (state.expired) return { actor: null, expired: true };
  noteActor(user.id);
  return {
    actor: { id: user.id, email: user.email, name: user.name, groups: user.groups, authTime: state.authTime, mfa: state.mfa },
    expired: false,
  };
});

/** The signed-in person, or null (signed out or session ended). */
export async function getActor(): Promise<Actor | null> {
  return (await lookupSession()).actor;
}

/** For pages: the actor, or a trip through sign-in (saying the session ended, if it did) that comes back to `returnTo`. */
export async function requireActor(returnTo: string): Promise<Actor> {
  const { actor, expired } = await lookupSession();
  if (!actor) redirect(`/signin?${new URLSearchParams({ ...(expired ? { reason: "expired" } : {}), callbackUrl: returnTo })}`);
  return actor;
}
