import type { Metadata } from "next";
import { Card, CardBody } from "@/components/ui/card";
import { CompleteSamlSignIn } from "./complete-saml-sign-in";

export const metadata: Metadata = { title: "Signing in" };

// Where the SAML ACS endpoint sends the browser: the ticket in the URL fragment becomes a
// next-auth session here.
export default function SamlSignInCompletionPage() {
  return (
    <div className="mx-auto mt-10 max-w-sm">
      <Card>
        <CardBody className="space-y-3 py-8 text-center">
          <h1 className="text-xl font-semibold text-slate-900">Signing you in…</h1>
          <CompleteSamlSignIn />
        </CardBody>
      </Card>
    </div>
  );
}
