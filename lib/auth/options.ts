// next-auth configuration: one OpenID Connect provider from the environment, authorization-code
// flow with PKCE, state and nonce all checked; sessions are signed JWT cookies.
import type { NextAuthOptions } from "next-auth";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { getCatalog } from "@/lib/catalog/load-catalog";
import { attributesFromClaims, claimsUsedForTags, groupsFromClaims } from "./claims";
import { recordSignIn, recordSignInFailure } from "./record-sign-in";

/** Sessions end this long after sign-in, however active the person is (see getActor). */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

let cached: NextAuthOptions | undefined;

export function getAuthOptions(): NextAuthOptions {
  if (cached) return cached;
  const env = getEnv();
  const issuer = env.OIDC_ISSUER.replace(/\/+$/, "");
  cached = {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      {
        id: "oidc",
        name: env.OIDC_DISPLAY_NAME,
        type: "oauth",
        wellKnown: `${issuer}/.well-known/openid-configuration`,
        clientId: env.OIDC_CLIENT_ID,
        clientSecret: env.OIDC_CLIENT_SECRET,
        authorization: { params: { scope: env.OIDC_SCOPES } },
        checks: ["pkce", "state", "nonce"],
        idToken: true,
        profile(claims: Record<string, unknown>) {
          const email = typeof claims.email === "string" ? claims.email : "";
          return {
            id: String(claims.sub),
            email,
            name: typeof claims.name === "string" && claims.name ? claims.name : email,
          };
        },
      },
    ],
    logger: {
      // Failed sign-ins (bad state, expired code, an IdP error) are audited by their code only:
      // the details can hold tokens.
      error(code) {
        void getDb()
          .then((db) => recordSignInFailure(db, { issuer, subject: null, reason: String(code).slice(0, 64) }, new Date()))
          .catch(() => undefined);
        console.error(`[frontdesk] sign-in error: ${code}`);
      },
      warn(code) {
        console.warn(`[frontdesk] next-auth warning: ${code}`);
      },
      debug() {},
    },
    callbacks: {
      async signIn({ profile }) {
        const refuse = async (reason: "MissingClaims" | "UnverifiedEmail") => {
          await recordSignInFailure(await getDb(), { issuer, subject: profile?.sub ?? null, reason }, new Date());
          return `/signin?error=${reason}`;
        };
        // Without a subject and an email there is nobody to name in AWS: refuse.
        if (!profile?.sub || !profile.email) return refuse("MissingClaims");
        // The email becomes the AWS SourceIdentity: an address the IdP says is unverified is refused.
        const verified = (profile as Record<string, unknown>).email_verified;
        if (verified === false || verified === "false") return refuse("UnverifiedEmail");
        return true;
      },
      async jwt({ token, profile }) {
        if (profile) {
          const claims = profile as Record<string, unknown>;
          const user = await recordSignIn(
            await getDb(),
            {
              issuer,
              subject: String(claims.sub),
              email: String(claims.email),
              name: typeof claims.name === "string" && claims.name ? claims.name : String(claims.email),
              groups: groupsFromClaims(claims, env.OIDC_GROUPS_CLAIM),
              attributes: attributesFromClaims(claims, claimsUsedForTags(getCatalog())),
            },
            new Date(),
          );
          token.uid = user.id;
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user && typeof token.uid === "string") session.user.id = token.uid;
        return session;
      },
      async redirect({ url, baseUrl }) {
        // Only ever same-origin targets.
        if (url.startsWith("/") && !url.startsWith("//")) return `${baseUrl}${url}`;
        return new URL(url, baseUrl).origin === baseUrl ? url : baseUrl;
      },
    },
  };
  return cached;
}
