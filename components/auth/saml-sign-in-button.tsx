import { buttonClasses } from "@/components/ui/button";

/**
 * "Sign in with <SAML IdP>": a plain link to the SP-initiated login endpoint (a full navigation,
 * not a client-side route: the endpoint redirects to the IdP). Render it on the sign-in page when
 * samlSignInAvailable() is true, with samlDisplayName() and the sanitised return path.
 */
export function SamlSignInButton({ providerName, callbackUrl }: { providerName: string; callbackUrl: string }) {
  const href = `/api/auth/saml/login?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  return (
    <a href={href} className={buttonClasses("secondary", "md", "w-full")}>
      Sign in with {providerName}
    </a>
  );
}
