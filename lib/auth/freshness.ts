// Recent-authentication and MFA checks for sensitive decisions (approve, deny, revoke). Pure: the
// caller passes the clock and the limit, so use cases stay testable.
import { AppError } from "@/lib/errors";
import { isRecent, type Actor } from "@/lib/policy/access";

export { isRecent };

/** The configured limit: how old a sign-in may be for a sensitive action, in seconds. */
export async function recentAuthMaxAgeSeconds(): Promise<number> {
  const { getEnv } = await import("@/lib/env");
  return getEnv().RECENT_AUTH_MAX_AGE_MINUTES * 60;
}

/** Throws REAUTH_REQUIRED unless the person authenticated at the IdP within `maxAgeSeconds` of `now`. */
export function assertRecentSignIn(actor: Actor, now: Date, maxAgeSeconds: number): void {
  if (!isRecent(actor, now, maxAgeSeconds)) {
    throw new AppError("REAUTH_REQUIRED", "For this action, confirm it is you: sign in again with your identity provider.");
  }
}

/** Throws MFA_REQUIRED unless the person's sign-in used more than one factor. */
export function assertMfa(actor: Actor): void {
  if (actor.mfa !== true) {
    throw new AppError("MFA_REQUIRED", "This action needs a sign-in with a second factor. Sign in again using multi-factor authentication.");
  }
}
