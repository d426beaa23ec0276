import type { NextRequest } from "next/server";
import { getSamlSettings } from "@/lib/auth/saml/config";
import { bindingCookie } from "@/lib/auth/saml/browser-binding";
import { startSamlSignIn } from "@/lib/auth/saml/start-saml-sign-in";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { clientIp } from "@/lib/http/client-ip";
import { enforceSignInRateLimit, retryAfterOf } from "@/lib/http/rate-limit";
import { tooManyRequests } from "@/lib/http/responses";

export const dynamic = "force-dynamic";

// SP-initiated sign-in: /api/auth/saml/login?callbackUrl=/requests → the IdP (HTTP-Redirect).
// `forceAuthn=1` (re-authentication before a sensitive action) makes the IdP authenticate again.
export async function GET(request: NextRequest) {
  const base = getEnv().NEXTAUTH_URL.replace(/\/+$/, "");
  const settings = await getSamlSettings();
  if (!settings) return Response.redirect(`${base}/signin?error=SamlNotConfigured`, 303);
  const db = await getDb();
  try {
    await enforceSignInRateLimit(db, { ip: clientIp(request.headers, getEnv().TRUSTED_PROXY_HOPS), now: new Date() });
  } catch (error) {
    const retryAfter = retryAfterOf(error);
    if (retryAfter === undefined) throw error;
    return tooManyRequests(request, retryAfter);
  }
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
