import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import type { ApproverRoster, RosterPerson } from "@/lib/requests/approver-roster";
import { NudgeButton } from "./nudge-button";

function Person({ person }: { person: RosterPerson }) {
  return (
    <li className="flex flex-wrap items-baseline justify-between gap-x-3 py-1.5 text-sm">
      <span className="min-w-0 break-words">
        <span className="font-medium text-slate-900">{person.name}</span> <span className="break-all text-slate-600">{person.email}</span>
      </span>
      <span className="text-xs text-slate-600">
        {person.decision === "APPROVE" ? "approved" : person.decision === "DENY" ? "denied" : null}
        {!person.decision &&
          (person.notifiedAt ? (
            <>
              notified <Time date={person.notifiedAt} />
            </>
          ) : (
            "not notified directly"
          ))}
      </span>
    </li>
  );
}

/** Who can decide a pending request, by name, and (for its requester) a nudge. */
export function ApproversPanel({
  roster,
  groups,
  requestId,
  canNudge,
  now,
}: {
  roster: ApproverRoster;
  groups: string[];
  requestId: string;
  canNudge: boolean;
  now: Date;
}) {
  const nextNudge = roster.nextNudgeAt && roster.nextNudgeAt > now ? roster.nextNudgeAt.toISOString() : null;
  return (
    <Card>
      <CardHeader
        title="Who can approve"
        description={groups.length > 0 ? `Members of ${groups.join(", ")} who have used Frontdesk, and anyone the rule names.` : "The people the rule names."}
      />
      <CardBody className="space-y-4">
        {roster.approvers.length === 0 ? (
          <p className="text-sm text-slate-700">Nobody who can approve it has signed in to Frontdesk yet. Ask an approver to open the request&apos;s link.</p>
        ) : (
          <ul aria-label="Approvers" className="divide-y divide-slate-100">
            {roster.approvers.map((p) => (
              <Person key={p.id} person={p} />
            ))}
          </ul>
        )}
        {roster.channels.length > 0 && (
          <p className="text-xs text-slate-600">
            Posted in{" "}
            {roster.channels.map((c, i) => (
              <span key={c.channel}>
                {i > 0 && ", "}
                {c.channel} at <Time date={c.at} />
              </span>
            ))}
            .
          </p>
        )}
        {roster.escalatesAt && (
          <div>
            <p className="text-sm text-slate-700">
              {roster.escalated ? (
                <>
                  Backup approvers were asked at <Time date={roster.escalatesAt} />:
                </>
              ) : (
                <>
                  If nobody decides by <Time date={roster.escalatesAt} />, these backup approvers are asked too:
                </>
              )}
            </p>
            <ul aria-label="Backup approvers" className="divide-y divide-slate-100">
              {roster.backups.map((p) => (
                <Person key={p.id} person={p} />
              ))}
            </ul>
          </div>
        )}
        {canNudge && <NudgeButton requestId={requestId} nextAt={nextNudge} />}
      </CardBody>
    </Card>
  );
}
