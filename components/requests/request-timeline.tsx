import { Card, CardHeader } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import type { ClosingView, RequestView } from "@/lib/requests/queries";

interface Entry {
  at: Date;
  text: string;
  detail?: string | null;
}

function closingEntries(request: RequestView, closing: ClosingView | undefined): Entry[] {
  if (!closing?.closedAt) return [];
  const who = closing.closedBy?.name ?? "someone no longer known";
  const revocation = closing.revocation;
  return [
    request.status === "REVOKED"
      ? { at: closing.closedAt, text: `Revoked by ${who}`, detail: closing.reason }
      : { at: closing.closedAt, text: `Ended early by ${who}` },
    ...(revocation?.appliedAt ? [{ at: revocation.appliedAt, text: "Sessions denied at AWS", detail: `Issued before ${revocation.cutoff.toISOString().slice(11, 19)} UTC` }] : []),
    ...(revocation?.removedAt ? [{ at: revocation.removedAt, text: "Deny removed at AWS" }] : []),
  ];
}

export function RequestTimeline({ request, closing }: { request: RequestView; closing?: ClosingView }) {
  const entries: Entry[] = [
    { at: request.createdAt, text: `Requested by ${request.requester.name}` },
    ...request.reviews.map((review) => ({
      at: review.createdAt,
      text: `${review.decision === "APPROVE" ? "Approved" : "Denied"} by ${review.reviewer.name}`,
      detail: review.comment,
    })),
    ...(request.status === "CANCELLED" && request.decidedAt ? [{ at: request.decidedAt, text: "Cancelled by the requester" }] : []),
    ...request.issuances.map((issuance) => ({
      at: issuance.createdAt,
      text: issuance.kind === "CONSOLE" ? "Console link issued" : "Credentials issued",
      detail: `Session ${issuance.sessionName}, valid until ${issuance.expiresAt.toISOString().slice(11, 16)} UTC`,
    })),
    ...closingEntries(request, closing),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());

  return (
    <Card>
      <CardHeader title="Timeline" />
      <ol className="space-y-4 px-5 py-4">
        {entries.map((entry, index) => (
          <li key={index} className="relative border-l-2 border-slate-200 pl-4">
            <p className="text-sm text-slate-900">{entry.text}</p>
            {entry.detail && <p className="mt-0.5 break-words text-xs text-slate-600">{entry.detail}</p>}
            <p className="mt-0.5 text-xs text-slate-500">
              <Time date={entry.at} />
            </p>
          </li>
        ))}
      </ol>
    </Card>
  );
}
