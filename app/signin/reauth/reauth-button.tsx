"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";

// signIn() posts with fetch and then navigates, so the page's CSP form-action never has to name the IdP.
export function ReauthButton({
  providerName,
  callbackUrl,
  authorizationParams,
}: {
  providerName: string;
  callbackUrl: string;
  authorizationParams: Record<string, string>;
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
      {pending ? "Redirecting…" : `Sign in again with ${providerName}`}
    </Button>
  );
}
