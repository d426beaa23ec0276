import Link from "next/link";
import { Table, Td, Th } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { formatDuration } from "@/lib/duration";
import type { RequestView } from "@/lib/requests/request-view";
import { canAskAgain } from "@/lib/requests/state";
import { KindBadge } from "./kind-badge";
import { RoleLabel } from "./role-label";
import { StatusBadge } from "./status-badge";

export function RequestTable({
  requests,
  caption,
  showRequester = false,
  askAgain = false,
}: {
  requests: RequestView[];
  caption: string;
  showRequester?: boolean;
  /** The person's own history: each request that is over can be asked again from its answers. */
  askAgain?: boolean;
}) {
  return (
    <Table caption={caption}>
      <thead className="bg-slate-50">
        <tr>
          <Th>Role</Th>
          {showRequester && <Th className="hidden sm:table-cell">Requested by</Th>}
          <Th className="hidden sm:table-cell">Duration</Th>
          <Th>Status</Th>
          <Th className="hidden md:table-cell">Requested</Th>
          <Th>
            <span className="sr-only">Open</span>
          </Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {requests.map((request) => (
          <tr key={request.id} className="hover:bg-slate-50">
            <Td>
              <p className="flex flex-wrap items-center gap-2">
                <RoleLabel request={request} />
                <KindBadge kind={request.kind} />
              </p>
              {/* On a phone the duration and date columns fold into the first one. */}
              {showRequester && <p className="mt-0.5 text-xs text-slate-700 sm:hidden">by {request.requester.name}</p>}
              <p className="mt-0.5 text-xs text-slate-600 md:hidden">
                <span className="sm:hidden">{formatDuration(request.durationSeconds)} · </span>
                <Time date={request.createdAt} />
              </p>
              <p className="mt-0.5 line-clamp-1 max-w-md break-all text-xs text-slate-600">
                {request.ticket && <span className="font-mono text-slate-600">{request.ticket} · </span>}
                {request.justification}
              </p>
              {askAgain && canAskAgain(request) && (
                // On a phone it sits under the request, so the last column stays narrow and "View" in view.
                <Link
                  href={`/requests/new?again=${encodeURIComponent(request.id)}`}
                  className="mt-1 inline-block text-xs font-medium text-indigo-600 sm:hidden"
                >
                  Request again<span className="sr-only"> for {request.role?.name ?? request.roleId}</span>
                </Link>
              )}
            </Td>
            {showRequester && <Td className="hidden sm:table-cell">{request.requester.name}</Td>}
            <Td className="hidden whitespace-nowrap sm:table-cell">{formatDuration(request.durationSeconds)}</Td>
            <Td>
              <StatusBadge status={request.status} />
            </Td>
            <Td className="hidden whitespace-nowrap md:table-cell">
              <Time date={request.createdAt} />
            </Td>
            <Td className="text-right">
              <span className="flex justify-end gap-3">
                {askAgain && canAskAgain(request) && (
                  <Link
                    href={`/requests/new?again=${encodeURIComponent(request.id)}`}
                    className="hidden whitespace-nowrap font-medium text-indigo-600 hover:text-indigo-500 sm:inline"
                  >
                    Request again<span className="sr-only"> for {request.role?.name ?? request.roleId}</span>
                  </Link>
                )}
                <Link href={`/requests/${request.id}`} className="font-medium text-indigo-600 hover:text-indigo-500">
                  View<span className="sr-only"> request for {request.role?.name ?? request.roleId}</span>
                </Link>
              </span>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
