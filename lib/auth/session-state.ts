// Pure session rules: the absolute cap counted from the session's own sign-in time, and the
// authentication facts (when, with MFA) an Actor carries.
import type { Session } from "next-auth";

export interface SessionState {
  expired: boolean;
  authTime: Date | null;
  mfa: boolean;
}

/**
 * `auth` comes from the session token. Tokens issued before these fields existed fall back to the
 * person's last sign-in for the cap, and count as neither recent nor MFA.
 */
export function sessionState(auth: Session["auth"] | undefined, user: { lastLoginAt: Date }, now: Date, maxSeconds: number): SessionState {
  const signedInAtMs = typeof auth?.signedInAt === "number" ? auth.signedInAt * 1000 : user.lastLoginAt.getTime();
  // A sign-in time in the future (beyond a minute of skew) is as suspect as an old one.
  const expired = now.getTime() - signedInAtMs > maxSeconds * 1000 || signedInAtMs > now.getTime() + 60_000;
  const authTime = typeof auth?.authTime === "number" ? new Date(auth.authTime * 1000) : null;
  return { expired, authTime, mfa: auth?.mfa === true };
}
