import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody } from "@/components/ui/card";
import { getActor } from "@/lib/auth/get-actor";
import { safeReturnPath } from "@/lib/auth/safe-return-path";
import { getEnv, oidcSignInAvailable } from "@/lib/env";
import { SamlSignInButton } from "@/components/auth/saml-sign-in-button";
import { samlDisplayName, samlSignInAvailable } from "@/lib/auth/saml/config";
import { SAML_ERROR_MESSAGES } from "@/lib/auth/saml/errors";
import { SignInButton } from "./sign-in-button";

export const metadata: Metadata = { title: "Sign in" };

// next-auth error codes, said in words a person can act on.
const ERRORS: Record<string, string> = {
  OAuthSignin: "We could not start sign-in with your identity provider. Try again; if it keeps failing, tell your Frontdesk admin.",
  OAuthCallback: "Your identity provider's answer could not be verified, or sign-in took too long. Try again.",
  Callback: "Sign-in could not be completed. Try again.",
  AccessDenied: "Your identity provider did not allow this sign-in.",
  UnverifiedEmail: "Your identity provider says your email address is not verified. Verify it there, then sign in again.",
  MissingClaims: "Your identity provider did not send your email address. Ask your admin to release the email claim to Frontdesk.",
  Configuration: "Sign-in is not configured correctly. Tell your Frontdesk admin.",
  SessionRequired: "Sign in to continue.",
  OAuthCreateAccount: "Your account could not be set up in Frontdesk. Try again; if it keeps failing, tell your Frontdesk admin.",
  OAuthAccountNotLinked: "This sign-in belongs to a different account. Sign in the way you usually do.",
  CredentialsSignin: "Your identity provider's answer could not be verified, or sign-in took too long. Try again.",
  Verification: "This sign-in link is no longer valid. Start again.",
  RateLimited: "Too many sign-in attempts from your network. Wait a minute, then try again.",
  ...SAML_ERROR_MESSAGES,
};

// Why the person is here when nothing failed.
const REASONS: Record<string, string> = {
  expired: "Your session ended, for your security. Sign in again to continue where you were.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const returnTo = safeReturnPath(params.callbackUrl);
  if (await getActor()) redirect(returnTo);
  const errorCode = typeof params.error === "string" ? params.error : undefined;
  const reason = typeof params.reason === "string" ? REASONS[params.reason] : undefined;
  // Sign-in posts are refused from any address but the configured one (cross-site protection), so
  // a page reached by another name (127.0.0.1 for localhost) says which address to use.
  const configured = new URL(getEnv().NEXTAUTH_URL);
  const asked = await headers();
  const reachedAs = [asked.get("x-forwarded-host"), asked.get("host")].filter((h): h is string => Boolean(h));
  const otherAddress = reachedAs.length > 0 && !reachedAs.includes(configured.host);
  const rightPage = `${configured.origin}/signin${returnTo === "/" ? "" : `?callbackUrl=${encodeURIComponent(returnTo)}`}`;

  return (
    <div className="mx-auto mt-10 max-w-sm">
      <Card>
        <CardBody className="space-y-5 py-8">
          <div className="text-center">
            <h1 className="text-xl font-semibold text-slate-900">Sign in to Frontdesk</h1>
            <p className="mt-1 text-sm text-slate-600">Request and use temporary access to AWS.</p>
          </div>
          {otherAddress && (
            <Alert tone="warning" title={`Open Frontdesk at ${configured.host}`}>
              This page was reached as {reachedAs[0]}, but Frontdesk signs people in only at its configured address.{" "}
              <a href={rightPage} className="font-medium underline underline-offset-2">
                Continue at {configured.origin}
              </a>
            </Alert>
          )}
          {errorCode && (
            <Alert tone="danger" title="Sign-in failed">
              {ERRORS[errorCode] ?? ERRORS.Callback}
            </Alert>
          )}
          {params.signedOut && <Alert tone="success">You are signed out.</Alert>}
          {!errorCode && reason && (
            <Alert tone="info" title="Session ended">
              {reason}
            </Alert>
          )}
          {oidcSignInAvailable() && <SignInButton providerName={getEnv().OIDC_DISPLAY_NAME} callbackUrl={returnTo} />}
          {samlSignInAvailable() && <SamlSignInButton providerName={samlDisplayName()} callbackUrl={returnTo} />}
        </CardBody>
      </Card>
    </div>
  );
}
