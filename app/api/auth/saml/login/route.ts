import type { NextRequest } from "next/server";
import { getSamlSettings } from "@/lib/auth/saml/config";
import { bindingCookie } from "@/lib/auth/saml/browser-binding";
import { startSamlSignIn } from "@/lib/auth/saml/start-saml-sign-in";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { signInRateLimitResponse } from "@/lib/http/rate-limit";

export const dynamic = "force-dynamic";

// SP-initiated sign-in: /api/auth/saml/login?callbackUrl=/requests → the IdP (HTTP-Redirect).
// `forceAuthn=1` (re-authentication before a sensitive action) makes the IdP authenticate again.
export async function GET(request: NextRequest) {
  const base = getEnv().NEXTAUTH_URL.replace(/\/+$/, "");
  const settings = await getSamlSettings();
  if (!settings) return Response.redirect(`${base}/signin?error=SamlNotConfigured`, 303);
  const db = await getDb();
  const limited = await signInRateLimitResponse(request, db);
  if (limited) return limited;
  const { url, requestId } = await startSamlSignIn({
    db,
    settings,
    returnTo: request.nextUrl.searchParams.get("callbackUrl"),
    now: new Date(),
    forceAuthn: request.nextUrl.searchParams.get("forceAuthn") === "1",
  });
  const secure = getEnv().NEXTAUTH_URL.startsWith("https://");
  return new Response(null, {
    status: 303,
    headers: { location: url, "cache-control": "no-store", "set-cookie": bindingCookie(requestId, secure) },
  });
}
