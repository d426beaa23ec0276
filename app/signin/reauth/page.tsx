import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody } from "@/components/ui/card";
import { isRecent, recentAuthMaxAgeSeconds } from "@/lib/auth/freshness";
import { getActor } from "@/lib/auth/get-actor";
import { safeReturnPath } from "@/lib/auth/safe-return-path";
import { settingList } from "@/lib/auth/sign-in-claims";
import { getEnv, oidcSignInAvailable } from "@/lib/env";
import { getServerSession } from "next-auth";
import { SamlSignInButton } from "@/components/auth/saml-sign-in-button";
import { getAuthOptions } from "@/lib/auth/options";
import { samlDisplayName, samlSignInAvailable } from "@/lib/auth/saml/config";
import { SignInButton } from "../sign-in-button";

export const metadata: Metadata = { title: "Confirm it is you" };

// Re-authentication for sensitive actions: sign in again at the IdP (prompt=login, max_age=0),
// with the configured acr_values when a second factor is needed, and come back to the same page.
export default async function ReauthPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const returnTo = safeReturnPath(params.callbackUrl);
  const reason = params.reason === "mfa" ? "mfa" : "recent";
  const actor = await getActor();

  // Already satisfied (say, the IdP came back here): nothing to ask.
  if (actor && (reason === "mfa" ? actor.mfa : isRecent(actor, new Date(), await recentAuthMaxAgeSeconds()))) redirect(returnTo);

  const env = getEnv();
  // A person who signed in over SAML re-authenticates there (ForceAuthn); SAML has no standard
  // way to ask for a second factor, so the IdP's own MFA policy decides.
  const session = await getServerSession(getAuthOptions());
  const viaSaml = samlSignInAvailable() && (session?.auth?.method === "saml" || !oidcSignInAvailable());
  const acrValues = settingList(env.OIDC_STEP_UP_ACR_VALUES).join(" ");
  const authorizationParams: Record<string, string> = { prompt: "login", max_age: "0" };
  if (reason === "mfa" && acrValues) authorizationParams.acr_values = acrValues;

  return (
    <div className="mx-auto mt-10 max-w-md">
      <Card>
        <CardBody className="space-y-5 py-8">
          <div className="text-center">
            <h1 className="text-xl font-semibold text-slate-900">Confirm it is you</h1>
            <p className="mt-1 text-sm text-slate-600">
              {reason === "mfa"
                ? "This action needs a sign-in with a second factor (an authenticator app, security key or similar)."
                : "This action needs a recent sign-in. Sign in again with your identity provider; you will come straight back."}
            </p>
          </div>
          {reason === "mfa" && (
            <Alert tone="info">
              When {viaSaml ? samlDisplayName() : env.OIDC_DISPLAY_NAME} asks, use your second factor. If it never offers one, ask your admin to enroll you in
              multi-factor authentication.
            </Alert>
          )}
          {viaSaml ? (
            <SamlSignInButton providerName={samlDisplayName()} callbackUrl={returnTo} forceAuthn />
          ) : (
            <SignInButton providerName={env.OIDC_DISPLAY_NAME} callbackUrl={returnTo} authorizationParams={authorizationParams} again />
          )}
        </CardBody>
      </Card>
    </div>
  );
}
