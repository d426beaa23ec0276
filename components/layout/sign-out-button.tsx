"use client";

import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";

export function SignOutButton() {
  const ready = useHydrated();
  return (
    <Button variant="secondary" size="sm" disabled={!ready} onClick={() => signOut({ callbackUrl: "/signin?signedOut=1" })}>
      Sign out
    </Button>
  );
}
