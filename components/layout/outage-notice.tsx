import { Card } from "@/components/ui/card";

/** What people see while the database is unavailable: rendered without it, with no script needed. */
export function OutageNotice() {
  return (
    <Card className="mx-auto max-w-lg">
      <div className="space-y-3 px-6 py-8">
        <h1 className="text-base font-semibold text-slate-900">Frontdesk is temporarily unavailable</h1>
        <p className="text-sm text-slate-600">
          Frontdesk cannot reach its database right now. This is usually temporary: try again in a minute. Nothing you did caused it, and nothing you submitted
          before this is lost.
        </p>
        <p className="text-sm text-slate-600">
          <strong className="font-medium text-slate-900">What still works:</strong> console sessions and credentials you already have keep working in AWS until
          they expire. New requests, approvals and new sessions wait until Frontdesk is back.
        </p>
        <p className="text-sm">
          <a href="" className="font-medium text-indigo-700 underline">
            Try again
          </a>
        </p>
      </div>
    </Card>
  );
}
