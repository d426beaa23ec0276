"use client";

import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { AdminChainVerification } from "@/lib/audit/verify-chain-as-admin";
import { verifyDurationHint } from "@/lib/audit/verify-duration";
import { verifyChainAction } from "@/lib/actions/verify-chain-actions";

export function VerifyPanel() {
  const ready = useHydrated();
  const [pending, startTransition] = useTransition();
  const [verification, setVerification] = useState<AdminChainVerification | null>(null);
  const [error, setError] = useState<string | null>(null);

  function run() {
    setError(null);
    startTransition(async () => {
      const result = await verifyChainAction();
      if (result.ok) setVerification(result.verification);
      else setError(result.error.message);
    });
  }

  return (
    <Card>
      <CardHeader
        title="Hash chain"
        description={`Large trails take a while: ${verifyDurationHint()}.`}
        actions={
          <Button onClick={run} disabled={!ready || pending}>
            {pending ? "Verifying…" : verification ? "Verify again" : "Verify now"}
          </Button>
        }
      />
      <CardBody className="space-y-4">
        {error && <Alert tone="danger">{error}</Alert>}
        {!verification && !error && <p className="text-sm text-slate-600">Not verified yet.</p>}
        {verification && <Outcome verification={verification} />}
      </CardBody>
    </Card>
  );
}

function Outcome({ verification: v }: { verification: AdminChainVerification }) {
  const seconds = v.elapsedMs / 1000;
  return (
    <>
      <div className="flex items-center gap-3">
        <Badge tone={v.ok ? "success" : "danger"}>{v.ok ? "Intact" : "Broken"}</Badge>
        <p className="text-sm text-slate-600">
          {v.checked.toLocaleString("en-US")} events verified in {seconds.toFixed(1)} s.
        </p>
      </div>
      {v.firstBroken && (
        <Alert tone="danger" title={`First broken link: row ${v.firstBroken.seq}`}>
          <p>{capitalize(v.firstBroken.reason)}.</p>
          <p className="mt-1">Events after it cannot be trusted until this is explained. Nothing was changed by this check.</p>
        </Alert>
      )}
      <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="text-slate-600">{v.ok ? "Head" : "Last intact event"}</dt>
        <dd className="text-slate-900">row {v.headSeq}</dd>
        <dt className="text-slate-600">Its hash</dt>
        <dd className="break-all font-mono text-xs text-slate-900">{v.headHash}</dd>
      </dl>
      <p className="text-xs text-slate-600">
        This check was itself recorded in the audit trail. Anchors of the chain head are written to the server log periodically;{" "}
        <span className="font-mono">npm run audit:verify -- --from-seq N --from-hash H</span> checks the trail against one of them.
      </p>
    </>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
