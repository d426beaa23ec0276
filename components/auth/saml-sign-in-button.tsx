import { buttonClasses } from "@/components/ui/button";

/**
 * "Sign in with <SAML IdP>": a plain link to the SP-initiated login endpoint (a full navigation,
 * not a client-side route: the endpoint redirects to the IdP). Render it on the sign-in page when
 * samlSignInAvailable() is true, with samlDisplayName() and the sanitised return path.
 */
export function SamlSignInButton({
  providerName,
  callbackUrl,
  forceAuthn = false,
}: {
  providerName: string;
  callbackUrl: string;
  /** Re-authentication: the IdP must authenticate the person again. */
  forceAuthn?: boolean;
}) {
  const query = new URLSearchParams({ callbackUrl, ...(forceAuthn ? { forceAuthn: "1" } : {}) });
  return (
    <a href={`/api/auth/saml/login?${query}`} className={buttonClasses(forceAuthn ? "primary" : "secondary", "md", "w-full")}>
      Sign in with {providerName}
    </a>
  );
}
