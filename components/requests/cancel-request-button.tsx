"use client";

import { useActionState, useState } from "react";
import { cancelRequestAction, type FormState } from "@/app/requests/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useHydrated } from "@/components/ui/use-hydrated";

export function CancelRequestButton({ requestId }: { requestId: string }) {
  const [open, setOpen] = useState(false);
  const ready = useHydrated();
  const [state, formAction, pending] = useActionState<FormState, FormData>(cancelRequestAction, {});
  return (
    <>
      <Button variant="secondary" className="w-full" disabled={!ready} onClick={() => setOpen(true)}>
        Cancel request
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Cancel this request?" description="Approvers will no longer see it. You can request again later.">
        {state.error && (
          <div className="mb-4">
            <Alert tone="danger">{state.error.message}</Alert>
          </div>
        )}
        <form action={formAction} className="flex justify-end gap-3">
          <input type="hidden" name="requestId" value={requestId} />
          <Button variant="ghost" onClick={() => setOpen(false)}>
            Keep it
          </Button>
          <Button type="submit" variant="danger" disabled={pending}>
            {pending ? "Cancelling…" : "Cancel request"}
          </Button>
        </form>
      </Dialog>
    </>
  );
}
