import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EndSessionsForm } from "@/components/admin/end-sessions-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/get-actor";
import { getDeps } from "@/lib/deps";
import { can } from "@/lib/policy/permissions";

export const metadata: Metadata = { title: "Sessions" };
export const dynamic = "force-dynamic";

export default async function SessionsPage() {
  const actor = await requireActor("/admin/sessions");
  const deps = await getDeps();
  if (!can(actor, "sessions.end", null, deps.catalog)) notFound();
  return (
    <>
      <PageHeader
        title="Sessions"
        description="Sessions end after the idle limit, at the absolute cap, and when the person signs out. End them sooner for a lost laptop or a copied cookie."
      />
      <Card>
        <CardHeader
          title="End all sessions of a person"
          description="Audited. The person can sign in again; to remove their access, change their groups at the identity provider."
        />
        <CardBody>
          <EndSessionsForm />
        </CardBody>
      </Card>
    </>
  );
}
