import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { athenaQuery, cloudTrailConsoleUrl, cloudTrailLakeQuery } from "@/lib/access/cloudtrail-queries";
import type { Partition } from "@/lib/catalog/schema";
import type { RequestView } from "@/lib/requests/request-view";

/** Every session issued for this request, with what finds its actions in CloudTrail. */
export function CloudTrailPanel({ request, partition, region }: { request: RequestView; partition: Partition; region: string }) {
  if (request.issuances.length === 0) return null;
  return (
    <Card>
      <CardHeader title="In CloudTrail" description="Each session Frontdesk issued for this request, and how to find exactly its actions." />
      <CardBody>
        <ul className="space-y-5" aria-label="Issued sessions">
          {request.issuances.map((issuance) => {
            const session = { ...issuance, issuedAt: issuance.createdAt };
            return (
              <li key={issuance.assumedRoleId + issuance.createdAt.toISOString()} className="space-y-2">
                <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
                  <dt className="text-slate-600">{issuance.kind === "CONSOLE" ? "Console session" : "Credentials"}</dt>
                  <dd>
                    <Time date={issuance.createdAt} /> – <Time date={issuance.expiresAt} />
                  </dd>
                  <dt className="text-slate-600">Session name</dt>
                  <dd className="break-all font-mono text-xs">{issuance.sessionName}</dd>
                  <dt className="text-slate-600">SourceIdentity</dt>
                  <dd className="break-all font-mono text-xs">{issuance.sourceIdentity}</dd>
                  <dt className="text-slate-600">AssumedRoleId</dt>
                  <dd className="break-all font-mono text-xs">{issuance.assumedRoleId}</dd>
                </dl>
                <details className="text-sm">
                  <summary className="cursor-pointer font-medium text-indigo-600">Queries for this session</summary>
                  <p className="mt-2 text-xs text-slate-600">CloudTrail Lake</p>
                  <pre className="overflow-x-auto rounded bg-slate-900 p-3 font-mono text-xs text-slate-100">{cloudTrailLakeQuery(session)}</pre>
                  <p className="mt-2 text-xs text-slate-600">Athena</p>
                  <pre className="overflow-x-auto rounded bg-slate-900 p-3 font-mono text-xs text-slate-100">{athenaQuery(session)}</pre>
                  <a
                    className="mt-2 inline-block font-medium text-indigo-600 hover:text-indigo-500"
                    href={cloudTrailConsoleUrl(session, partition, region)}
                    target="_blank"
                    rel="noreferrer"
                  >
                    Open CloudTrail event history for this session
                  </a>
                </details>
              </li>
            );
          })}
        </ul>
      </CardBody>
    </Card>
  );
}
