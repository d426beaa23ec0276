// The session fields Frontdesk adds to next-auth's token and session (types/next-auth.d.ts has the rest).
import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    auth?: {
      /** Portal sign-in time, seconds since the epoch: the absolute session cap counts from here. */
      signedInAt: number | null;
      /** When the person authenticated at the IdP, seconds since the epoch. */
      authTime: number | null;
      mfa: boolean;
      method: "oidc" | "saml" | null;
      /** When the token was issued or last renewed, seconds since the epoch (idle limit). */
      issuedAt?: number | null;
      /** The person's session version the token carries (sign-out and admins bump it). */
      version?: number;
    };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    signedInAt?: number;
    authTime?: number;
    mfa?: boolean;
    method?: "oidc" | "saml";
    /** The person's session version at sign-in: refused once it is bumped. */
    sv?: number;
  }
}
