"use client";

import { useState, useTransition } from "react";
import { checkRolesAction } from "@/lib/actions/catalog-actions";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { CatalogCheck } from "@/lib/catalog/check-catalog-roles";

export function RoleChecks() {
  const ready = useHydrated();
  const [pending, startTransition] = useTransition();
  const [check, setCheck] = useState<CatalogCheck | null>(null);
  const [error, setError] = useState<string | null>(null);

  function run() {
    setError(null);
    startTransition(async () => {
      const result = await checkRolesAction();
      if (result.ok) setCheck(result.check);
      else setError(result.error.message);
    });
  }

  return (
    <Card>
      <CardHeader
        title="Check roles against IAM"
        description="Reads each role from IAM: does it exist, is its MaxSessionDuration long enough, does its trust policy let Frontdesk assume it with tags and a source identity?"
        actions={
          <Button variant="secondary" onClick={run} disabled={!ready || pending}>
            {pending ? "Checking…" : check ? "Check again" : "Check roles"}
          </Button>
        }
      />
      <CardBody className="space-y-4">
        {error && <Alert tone="danger">{error}</Alert>}
        {!check && !error && <p className="text-sm text-slate-600">Not checked yet.</p>}
        {check && (
          <>
            <p className="text-sm text-slate-600">
              Frontdesk calls AWS as <span className="font-mono text-xs">{check.callerArn || "an unknown identity"}</span>.
            </p>
            <ul className="space-y-1 text-sm" aria-label="Account reachability">
              {check.accounts.map((account) => (
                <li key={account.accountId}>
                  <Badge tone={account.reachable ? "success" : account.managementRoleArn ? "danger" : "neutral"}>
                    {account.reachable ? "Reachable" : account.managementRoleArn ? "Unreachable" : "No management role"}
                  </Badge>{" "}
                  {account.name} <span className="font-mono text-xs">{account.accountId}</span>
                  {account.managementRoleArn && <span className="ml-2 break-all font-mono text-xs text-slate-600">{account.managementRoleArn}</span>}
                  {account.detail && <p className="ml-5 text-xs text-slate-600">{account.detail}</p>}
                </li>
              ))}
            </ul>
            <ul className="space-y-4" aria-label="Role check results">
              {check.results.map((result) => (
                <li key={result.roleId} className="rounded-md ring-1 ring-slate-200">
                  <div className="flex items-center justify-between gap-3 border-b border-slate-100 px-4 py-2">
                    <span className="break-all font-mono text-xs text-slate-700">{result.roleArn}</span>
                    <Badge tone={result.ok ? "success" : "danger"}>{result.ok ? "Ready" : "Needs attention"}</Badge>
                  </div>
                  <ul className="space-y-1 px-4 py-2 text-sm">
                    {result.checks.map((c) => (
                      <li key={c.label}>
                        <span className={c.ok ? "text-emerald-700" : "text-rose-700"}>{c.ok ? "✓" : "✗"}</span>{" "}
                        <span className="sr-only">{c.ok ? "passed:" : "failed:"}</span> {c.label}
                        {c.detail && <p className="ml-5 text-xs text-slate-600">{c.detail}</p>}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </>
        )}
      </CardBody>
    </Card>
  );
}
