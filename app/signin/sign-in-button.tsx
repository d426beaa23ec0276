"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";

// signIn() posts with fetch and then navigates, so the page's CSP form-action never has to name the IdP.
export function SignInButton({
  providerName,
  callbackUrl,
  authorizationParams,
  again = false,
}: {
  providerName: string;
  callbackUrl: string;
  /** Extra authorization-request parameters (re-authentication: prompt, max_age, acr_values). */
  authorizationParams?: Record<string, string>;
  /** Worded as signing in again (re-authentication). */
  again?: boolean;
}) {
  const [pending, setPending] = useState(false);
  const ready = useHydrated();
  return (
    <Button
      className="w-full"
      disabled={!ready || pending}
      onClick={() => {
        setPending(true);
        void signIn("oidc", { callbackUrl }, authorizationParams);
      }}
    >
      {pending ? "Redirecting…" : `Sign in ${again ? "again " : ""}with ${providerName}`}
    </Button>
  );
}
