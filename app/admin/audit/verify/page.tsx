import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/get-actor";
import { getCatalog } from "@/lib/catalog/load-catalog";
import { can } from "@/lib/policy/permissions";
import { VerifyPanel } from "./verify-panel";

export const metadata: Metadata = { title: "Verify audit trail" };

export default async function VerifyAuditPage() {
  const actor = await requireActor("/admin/audit/verify");
  if (!can(actor, "audit.verify", null, getCatalog())) notFound();

  return (
    <>
      <PageHeader
        title="Verify the audit trail"
        description={
          <>
            Recomputes the hash of every event in the{" "}
            <Link href="/admin/audit" className="text-indigo-700 underline">
              audit trail
            </Link>{" "}
            and checks that each one continues from the one before, so an edited, deleted, reordered or forged event is found.
          </>
        }
      />
      <VerifyPanel />
    </>
  );
}
