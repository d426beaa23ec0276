// The next-auth side of SAML: a Credentials provider (id "saml") whose only credential is the
// single-use ticket the ACS endpoint issued. Redeeming it is atomic (sign-in-ticket.ts), so a
// ticket signs in one browser once, within its minute.
import type { User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/lib/db/client";
import { recordSignInFailure } from "@/lib/auth/record-sign-in";
import type { SessionAuthFields } from "@/lib/auth/sign-in-claims";
import { getSamlSettings } from "./config";
import { getEnv } from "@/lib/env";
import { isBoundBrowser } from "./browser-binding";
import { redeemSignInTicket } from "./sign-in-ticket";

const SAML_PROVIDER_ID = "saml";

type SamlUser = User & { samlAuth?: SessionAuthFields };

export function samlProvider(displayName: string) {
  return CredentialsProvider({
    id: SAML_PROVIDER_ID,
    name: displayName,
    credentials: { ticket: { label: "Sign-in ticket", type: "text" } },
    async authorize(credentials, req): Promise<SamlUser | null> {
      const db = await getDb();
      const now = new Date();
      const redeemed = await redeemSignInTicket(db, credentials?.ticket, now);
      // Only the browser that started this sign-in may finish it (no login CSRF).
      const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
      const secure = getEnv().NEXTAUTH_URL.startsWith("https://");
      const bound = redeemed !== null && isBoundBrowser(headers.cookie, redeemed.requestId, secure);
      const user = redeemed && bound ? await db.user.findUnique({ where: { id: redeemed.userId } }) : null;
      if (!redeemed || !user) {
        const issuer = (await getSamlSettings().catch(() => null))?.idp.entityId ?? "saml";
        const reason = redeemed && !bound ? "SamlTicket:other-browser" : "SamlTicket:invalid";
        await recordSignInFailure(db, { issuer, subject: null, reason }, now);
        return null;
      }
      return {
        id: user.id,
        email: user.email,
        name: user.name,
        samlAuth: { uid: user.id, authTime: redeemed.authTime, signedInAt: redeemed.signedInAt, mfa: redeemed.mfa, method: "saml" },
      };
    },
  });
}

/** What a SAML sign-in puts in the session token (for the jwt callback), or null. */
export function samlSessionFields(user: unknown): SessionAuthFields | null {
  const auth = (user as SamlUser | undefined)?.samlAuth;
  return auth && auth.method === "saml" && typeof auth.uid === "string" ? { ...auth } : null;
}
