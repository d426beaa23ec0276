import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EndSessionsForm } from "@/components/admin/end-sessions-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/get-actor";
import { getDeps } from "@/lib/deps";
import { isAdmin } from "@/lib/policy/access";

export const metadata: Metadata = { title: "Sessions" };
export const dynamic = "force-dynamic";

export default async function SessionsPage() {
  const actor = await requireActor("/admin/sessions");
  const deps = await getDeps();
  if (!isAdmin(actor, deps.catalog)) notFound();
  return (
    <>
      <PageHeader
        title="Sessions"
        description="Sessions end after the idle limit, at the absolute cap, and when the person signs out. End them sooner for a lost laptop or a copied cookie."
      />
      <Card>
        <CardHeader title="End all sessions of a person" description="Audited. The person can sign in again; to remove their access, change their groups at the identity provider." />
        <CardBody>
          <EndSessionsForm />
        </CardBody>
      </Card>
    </>
  );
}
