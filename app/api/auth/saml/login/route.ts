import type { NextRequest } from "next/server";
import { getSamlSettings } from "@/lib/auth/saml/config";
import { startSamlSignIn } from "@/lib/auth/saml/start-saml-sign-in";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";

export const dynamic = "force-dynamic";

// SP-initiated sign-in: /api/auth/saml/login?callbackUrl=/requests → the IdP (HTTP-Redirect).
export async function GET(request: NextRequest) {
  const base = getEnv().NEXTAUTH_URL.replace(/\/+$/, "");
  const settings = await getSamlSettings();
  if (!settings) return Response.redirect(`${base}/signin?error=SamlNotConfigured`, 303);
  const { url } = await startSamlSignIn({
    db: await getDb(),
    settings,
    returnTo: request.nextUrl.searchParams.get("callbackUrl"),
    now: new Date(),
  });
  return new Response(null, { status: 303, headers: { location: url, "cache-control": "no-store" } });
}
