"use client";

import { useActionState, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { UserError } from "@/lib/errors";
import { ActionError } from "./action-error";

type RequestAction = (state: { error?: UserError }, formData: FormData) => Promise<{ error?: UserError }>;

/** A button that asks before running a server action on one request, and shows its refusal in the dialog. */
export function ConfirmRequestAction({
  requestId,
  action,
  trigger,
  title,
  description,
  keepLabel,
  confirmLabel,
  pendingLabel,
}: {
  requestId: string;
  action: RequestAction;
  trigger: ReactNode;
  title: string;
  description: ReactNode;
  keepLabel: string;
  confirmLabel: string;
  pendingLabel: string;
}) {
  const [open, setOpen] = useState(false);
  const ready = useHydrated();
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <>
      <Button variant="secondary" className="w-full" disabled={!ready} onClick={() => setOpen(true)}>
        {trigger}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={title} description={description}>
        {state.error && (
          <div className="mb-4">
            <ActionError error={state.error} />
          </div>
        )}
        <form action={formAction} className="flex justify-end gap-3">
          <input type="hidden" name="requestId" value={requestId} />
          <Button variant="ghost" onClick={() => setOpen(false)}>
            {keepLabel}
          </Button>
          <Button type="submit" variant="danger" disabled={pending}>
            {pending ? pendingLabel : confirmLabel}
          </Button>
        </form>
      </Dialog>
    </>
  );
}
