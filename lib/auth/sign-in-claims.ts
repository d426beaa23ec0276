// What a sign-in says about how the person authenticated: when (OIDC `auth_time`) and whether with
// more than one factor (`amr` values such as otp or hwk, or an `acr` the operator names as MFA).
// These land in the session token and on the Actor, for recent-authentication and MFA checks.

/** Splits a comma/space separated setting into a clean list. */
export function settingList(value: string): string[] {
  return value
    .split(/[,\s]+/)
    .map((v) => v.trim())
    .filter(Boolean);
}

/**
 * `auth_time` (seconds since the epoch) when plausible, else null: without it a silent single
 * sign-on round trip cannot be told from a real authentication, so it never counts as recent (the
 * re-authentication flow sends max_age, which obliges the IdP to include auth_time).
 */
export function authTimeFromClaims(claims: Record<string, unknown>, now: Date): Date | null {
  const raw = claims.auth_time;
  const seconds = typeof raw === "number" ? raw : typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : NaN;
  // An auth_time in the future (beyond a minute of clock skew) is not believed.
  if (Number.isFinite(seconds) && seconds > 0 && seconds * 1000 <= now.getTime() + 60_000) return new Date(seconds * 1000);
  return null;
}

export interface MfaSettings {
  amrValues: readonly string[];
  acrValues: readonly string[];
}

/** True when `amr` lists a configured multi-factor method or `acr` is a configured MFA level. */
export function mfaFromClaims(claims: Record<string, unknown>, settings: MfaSettings): boolean {
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((v): v is string => typeof v === "string") : [];
  const amrSet = new Set(settings.amrValues.map((v) => v.toLowerCase()));
  if (amr.some((v) => amrSet.has(v.toLowerCase()))) return true;
  return typeof claims.acr === "string" && settings.acrValues.includes(claims.acr);
}

/** The fields every sign-in method (OIDC, SAML) puts in the session token. */
export interface SessionAuthFields {
  uid: string;
  /** When the person authenticated at the IdP, seconds since the epoch. */
  authTime: number;
  /** When this portal session began, seconds since the epoch (the absolute cap counts from here). */
  signedInAt: number;
  mfa: boolean;
  method: "oidc" | "saml";
}

/**
 * Whether the IdP's `email_verified` lets the email name the person. Strict: only a confirmed
 * address. Lenient (IdPs that never send the claim but own every address): anything but "false".
 */
export function emailAcceptable(emailVerified: unknown, requireVerified: boolean): boolean {
  if (emailVerified === true || emailVerified === "true") return true;
  if (emailVerified === false || emailVerified === "false") return false;
  return !requireVerified;
}
