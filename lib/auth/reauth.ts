// Where to send a person whose action needs a fresher or stronger sign-in. Safe in client code.
import { safeReturnPath } from "./safe-return-path";

export type ReauthReason = "recent" | "mfa";

/** The re-authentication page that signs in again and comes back to `returnTo` (same-origin only). */
export function reauthUrl(reason: ReauthReason, returnTo: string): string {
  return `/signin/reauth?${new URLSearchParams({ reason, callbackUrl: safeReturnPath(returnTo) })}`;
}

/** For an error code from a server action or API: the re-authentication URL, or null when the error is another kind. */
export function reauthUrlForCode(code: string | undefined | null, returnTo: string): string | null {
  if (code === "REAUTH_REQUIRED") return reauthUrl("recent", returnTo);
  if (code === "MFA_REQUIRED") return reauthUrl("mfa", returnTo);
  return null;
}
