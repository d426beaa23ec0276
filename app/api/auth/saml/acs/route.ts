import type { NextRequest } from "next/server";
import { claimsUsedForTags } from "@/lib/auth/claims";
import { completeSamlSignIn } from "@/lib/auth/saml/complete-saml-sign-in";
import { getSamlSettings } from "@/lib/auth/saml/config";
import { SamlSignInError } from "@/lib/auth/saml/errors";
import { MAX_SAML_RESPONSE_CHARS } from "@/lib/auth/saml/xml-guard";
import { getCatalog } from "@/lib/catalog/load-catalog";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { signInRateLimitResponse } from "@/lib/http/rate-limit";

export const dynamic = "force-dynamic";

const redirect = (location: string) => new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });

// Assertion Consumer Service (HTTP-POST binding). Success: a one-minute, single-use ticket in the
// URL fragment (never sent to a server or in a Referer) of the page that completes the next-auth
// sign-in. Failure: the sign-in page with an error code.
export async function POST(request: NextRequest) {
  const base = getEnv().NEXTAUTH_URL.replace(/\/+$/, "");
  const fail = (code: string) => redirect(`${base}/signin?error=${code}`);
  const settings = await getSamlSettings();
  if (!settings) return fail("SamlNotConfigured");
  const limited = await signInRateLimitResponse(request, await getDb());
  if (limited) return limited;
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_SAML_RESPONSE_CHARS * 2) return fail("SamlInvalid");
  let samlResponse: FormDataEntryValue | null = null;
  try {
    samlResponse = (await request.formData()).get("SAMLResponse");
  } catch {
    return fail("SamlInvalid");
  }
  try {
    const { ticket, returnTo } = await completeSamlSignIn({
      db: await getDb(),
      settings,
      samlResponse,
      now: new Date(),
      tagClaims: claimsUsedForTags(getCatalog()),
    });
    const fragment = new URLSearchParams({ ticket, returnTo }).toString();
    return redirect(`${base}/signin/saml#${fragment}`);
  } catch (error) {
    if (error instanceof SamlSignInError) return fail(error.code);
    console.error(`[frontdesk] SAML sign-in failed: ${(error as Error).name}`);
    return fail("Callback");
  }
}
