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
    };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    signedInAt?: number;
    authTime?: number;
    mfa?: boolean;
    method?: "oidc" | "saml";
  }
}
