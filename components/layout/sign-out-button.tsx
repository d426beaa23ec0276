"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";

const SIGNED_OUT = "/signin?signedOut=1";

/**
 * Signs out through next-auth's own endpoints (a CSRF token, then the sign-out POST) with two
 * plain requests: next-auth's browser client would add a library to every page for this one click.
 */
async function signOut(): Promise<void> {
  const csrf = (await (await fetch("/api/auth/csrf", { cache: "no-store" })).json()) as { csrfToken?: string };
  const response = await fetch("/api/auth/signout", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken: csrf.csrfToken ?? "", callbackUrl: SIGNED_OUT, json: "true" }),
  });
  const { url } = (await response.json()) as { url?: string };
  window.location.href = url ?? SIGNED_OUT;
}

export function SignOutButton() {
  const ready = useHydrated();
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="secondary"
      size="sm"
      disabled={!ready || pending}
      onClick={() => {
        setPending(true);
        signOut().catch(() => {
          // The session may still be there: the button stays usable.
          setPending(false);
        });
      }}
    >
      Sign out
    </Button>
  );
}
