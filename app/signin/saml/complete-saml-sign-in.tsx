"use client";

import { signIn } from "next-auth/react";
import { useEffect, useRef, useState } from "react";
import { safeReturnPath } from "@/lib/auth/safe-return-path";

// Reads the single-use ticket from the URL fragment, removes it from the address bar and history,
// and redeems it through next-auth's "saml" credentials provider (which checks the CSRF token).
export function CompleteSamlSignIn() {
  const started = useRef(false);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const params = new URLSearchParams(window.location.hash.slice(1));
    window.history.replaceState(null, "", window.location.pathname);
    const ticket = params.get("ticket");
    const callbackUrl = safeReturnPath(params.get("returnTo"));
    if (!ticket) {
      window.location.replace("/signin?error=SamlTicket");
      return;
    }
    signIn("saml", { ticket, callbackUrl, redirect: false })
      .then((result) => {
        if (result?.ok && !result.error) window.location.replace(callbackUrl);
        else window.location.replace("/signin?error=SamlTicket");
      })
      .catch(() => setFailed(true));
  }, []);
  return failed ? (
    <p className="text-sm text-rose-700" role="alert">
      Sign-in could not be completed.{" "}
      <a className="underline" href="/signin">
        Try again
      </a>
      .
    </p>
  ) : (
    <p className="text-sm text-slate-600" role="status">
      One moment.
    </p>
  );
}
