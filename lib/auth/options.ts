// next-auth configuration: one OpenID Connect provider from the environment, authorization-code
// flow with PKCE, state and nonce all checked; sessions are signed JWT cookies.
import type { NextAuthOptions } from "next-auth";
import { getDb } from "@/lib/db/client";
import { getEnv, oidcSignInAvailable, type Env } from "@/lib/env";
import { getCatalog } from "@/lib/catalog/load-catalog";
import { decodeSessionToken, encodeSessionToken } from "./session-token";
import { safeRedirectUrl } from "./safe-return-path";
import { attributesFromClaims, claimsUsedForTags, groupsFromClaims } from "./claims";
import { recordSignIn, recordSignInFailure } from "./record-sign-in";
import { sessionLimits } from "./session-limits";
import { sessionEndReason } from "./session-validity";
import { endAllSessions, sessionVersionOf } from "./session-version";
import { authTimeFromClaims, emailAcceptable, mfaFromClaims, settingList } from "./sign-in-claims";
import { samlSignInAvailable } from "./saml/config";
import { samlProvider, samlSessionFields } from "./saml/provider";

export { sessionLimits } from "./session-limits";

let cached: NextAuthOptions | undefined;

/** The OpenID Connect provider: code flow with PKCE, state and nonce all checked. */
function oidcProvider(env: Env, issuer: string): NextAuthOptions["providers"][number] {
  return {
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
  };
}

export function getAuthOptions(): NextAuthOptions {
  if (cached) return cached;
  const env = getEnv();
  const issuer = (env.OIDC_ISSUER ?? "").replace(/\/+$/, "");
  cached = {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: sessionLimits(env).idleSeconds },
    // The token itself expires at the idle limit too (next-auth's default would be 30 days).
    // Same format as next-auth's own, with the derived key kept per process (session-token.ts).
    jwt: { maxAge: sessionLimits(env).idleSeconds, encode: encodeSessionToken, decode: decodeSessionToken },
    // Secure (and __Secure-/__Host- prefixed) cookies whenever Frontdesk is served over https;
    // next-auth's cookies are HttpOnly and SameSite=Lax.
    useSecureCookies: env.NEXTAUTH_URL.startsWith("https://"),
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      ...(oidcSignInAvailable(env) ? [oidcProvider(env, issuer)] : []),
      // SAML: the ACS endpoint verifies the assertion; this provider redeems its one-time ticket.
      ...(samlSignInAvailable(env) ? [samlProvider(env.SAML_DISPLAY_NAME)] : []),
    ],
    logger: {
      // Failed sign-ins (bad state, expired code, an IdP error) are audited by their code only:
      // the details can hold tokens.
      error(code) {
        // A session that has ended (idle, capped, signed out) is refused, not a failed sign-in.
        if (code === "JWT_SESSION_ERROR") return;
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
    events: {
      // Signing out ends every session of the person issued so far, on every instance.
      async signOut({ token }) {
        if (typeof token?.uid === "string") {
          await endAllSessions(await getDb(), { userId: token.uid, actorId: token.uid, reason: "signed-out" }, new Date());
        }
      },
    },
    callbacks: {
      async signIn({ profile, account }) {
        // SAML sign-ins were verified (and refusals audited) at the ACS endpoint; the provider
        // only lets a valid one-time ticket through.
        if (account?.provider === "saml") return true;
        const refuse = async (reason: "MissingClaims" | "UnverifiedEmail") => {
          await recordSignInFailure(await getDb(), { issuer, subject: profile?.sub ?? null, reason }, new Date());
          return `/signin?error=${reason}`;
        };
        // Without a subject and an email there is nobody to name in AWS: refuse.
        if (!profile?.sub || !profile.email) return refuse("MissingClaims");
        // The email becomes the AWS SourceIdentity and names the person in approver lists and to
        // Slack: it must be verified (or, where the IdP never says, at least not unverified).
        if (!emailAcceptable((profile as Record<string, unknown>).email_verified, env.OIDC_REQUIRE_EMAIL_VERIFIED === "true")) {
          return refuse("UnverifiedEmail");
        }
        return true;
      },
      async jwt({ token, profile, account, user }) {
        if (account?.provider === "saml") {
          const fields = samlSessionFields(user);
          if (fields) Object.assign(token, fields);
        }
        if (profile && account?.provider === "oidc") {
          const claims = profile as Record<string, unknown>;
          const now = new Date();
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
            now,
          );
          token.uid = user.id;
          token.signedInAt = Math.floor(now.getTime() / 1000);
          const authTime = authTimeFromClaims(claims, now);
          token.authTime = authTime ? Math.floor(authTime.getTime() / 1000) : undefined;
          token.mfa = mfaFromClaims(claims, { amrValues: settingList(env.OIDC_MFA_AMR_VALUES), acrValues: settingList(env.OIDC_MFA_ACR_VALUES) });
          token.method = "oidc";
        }
        if (account && typeof token.uid === "string") {
          // A new session carries the person's current version: a later sign-out ends it.
          token.sv = (await (await getDb()).user.findUnique({ where: { id: token.uid }, select: { sessionVersion: true } }))?.sessionVersion ?? 0;
          return token;
        }
        // Every later read of the session (getServerSession, /api/auth/session) applies the same
        // rules as getActor; throwing makes next-auth answer "no session" and clear the cookie.
        const person = typeof token.uid === "string" ? await sessionVersionOf(await getDb(), token.uid) : null;
        const ended = sessionEndReason(token, person, new Date(), sessionLimits(env));
        if (ended) throw new Error(`session ended: ${ended}`);
        return token;
      },
      async session({ session, token }) {
        if (session.user && typeof token.uid === "string") session.user.id = token.uid;
        // What getActor needs for the absolute cap, recent-authentication and MFA checks.
        session.auth = {
          signedInAt: typeof token.signedInAt === "number" ? token.signedInAt : null,
          authTime: typeof token.authTime === "number" ? token.authTime : null,
          mfa: token.mfa === true,
          method: token.method === "oidc" || token.method === "saml" ? token.method : null,
          issuedAt: typeof token.iat === "number" ? token.iat : null,
          version: typeof token.sv === "number" ? token.sv : 0,
        };
        return session;
      },
      async redirect({ url, baseUrl }) {
        return safeRedirectUrl(url, baseUrl);
      },
    },
  };
  return cached;
}
