"use client";

import { endRequestAction } from "@/lib/actions/revoke-actions";
import { ConfirmRequestAction } from "./confirm-request-action";

/** "I'm done": the requester hands their access back before the window ends. */
export function EndAccessButton({ requestId, managed }: { requestId: string; managed: boolean }) {
  return (
    <ConfirmRequestAction
      requestId={requestId}
      action={endRequestAction}
      trigger="I'm done"
      title="End your access now?"
      description={
        managed
          ? "Frontdesk issues no new sessions, and AWS will deny the sessions already issued to you for this role. Request again if you need more time."
          : "Frontdesk issues no new sessions. Sessions already issued keep working until they expire, so sign out of the console and discard the credentials."
      }
      keepLabel="Keep access"
      confirmLabel="End access"
      pendingLabel="Ending…"
    />
  );
}
