import Link from "next/link";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import type { SetMemberView } from "@/lib/requests/request-view";
import { AccessPanel } from "./access-panel";
import { StatusBadge } from "./status-badge";

/**
 * The roles of one request for several roles: each with its own grant, and, for the requester while
 * that grant is open, its own console link and credentials.
 */
export function RequestSetPanel({ members, currentId, canUse, now }: { members: SetMemberView[]; currentId: string; canUse: boolean; now: Date }) {
  const open = members.filter((m) => canUse && m.status === "ACTIVE" && m.endsAt !== null && m.endsAt > now);
  const accounts = new Set(members.map((m) => m.accountId)).size;
  return (
    <div className="space-y-4">
      <Card label="Roles in this request">
        <CardHeader
          title="Roles in this request"
          description={`${members.length} roles in ${accounts === 1 ? "one account" : `${accounts} accounts`}, asked for, decided and ended together. Each role gets its own AWS sessions.`}
        />
        <CardBody>
          <ul className="divide-y divide-slate-100">
            {members.map((m) => (
              <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  <span className="font-medium text-slate-900">{m.roleName}</span>
                  <span className="text-slate-500">
                    {" · "}
                    {m.accountName} <span className="font-mono text-xs">({m.accountId})</span>
                  </span>
                  {m.id !== currentId && (
                    <Link href={`/requests/${m.id}`} className="ml-2 text-sm underline underline-offset-2">
                      Details<span className="sr-only"> for {m.roleName}</span>
                    </Link>
                  )}
                </span>
                <span className="flex items-center gap-2 text-sm text-slate-500">
                  {m.endsAt && m.status === "ACTIVE" && (
                    <span>
                      until <Time date={m.endsAt} />
                    </span>
                  )}
                  <StatusBadge status={m.status} />
                </span>
              </li>
            ))}
          </ul>
        </CardBody>
      </Card>
      {open.map((m) => (
        <AccessPanel
          key={m.id}
          requestId={m.id}
          endsAt={m.endsAt!.toISOString()}
          roleName={m.roleName}
          title={`${m.roleName} in ${m.accountName}`}
          secondsLeft={Math.floor((m.endsAt!.getTime() - now.getTime()) / 1000)}
        />
      ))}
    </div>
  );
}
