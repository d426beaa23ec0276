"use client";

import { useActionState, useState } from "react";
import { endRequestAction, type CloseFormState } from "@/app/requests/revoke-actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useHydrated } from "@/components/ui/use-hydrated";

/** "I'm done": the requester hands their access back before the window ends. */
export function EndAccessButton({ requestId, managed }: { requestId: string; managed: boolean }) {
  const [open, setOpen] = useState(false);
  const ready = useHydrated();
  const [state, formAction, pending] = useActionState<CloseFormState, FormData>(endRequestAction, {});
  return (
    <>
      <Button variant="secondary" className="w-full" disabled={!ready} onClick={() => setOpen(true)}>
        I&apos;m done
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="End your access now?"
        description={
          managed
            ? "Frontdesk issues no new sessions, and AWS will deny the sessions already issued to you for this role. Request again if you need more time."
            : "Frontdesk issues no new sessions. Sessions already issued keep working until they expire, so sign out of the console and discard the credentials."
        }
      >
        {state.error && (
          <div className="mb-4">
            <Alert tone="danger">{state.error.message}</Alert>
          </div>
        )}
        <form action={formAction} className="flex justify-end gap-3">
          <input type="hidden" name="requestId" value={requestId} />
          <Button variant="ghost" onClick={() => setOpen(false)}>
            Keep access
          </Button>
          <Button type="submit" variant="danger" disabled={pending}>
            {pending ? "Ending…" : "End access"}
          </Button>
        </form>
      </Dialog>
    </>
  );
}
