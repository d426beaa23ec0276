"use client";

import { useActionState, useState, type FormEvent } from "react";
import { revokeRequestAction } from "@/lib/actions/revoke-actions";
import type { CloseFormState } from "@/lib/actions/form-state";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Textarea } from "@/components/ui/field";
import { useHydrated } from "@/components/ui/use-hydrated";
import { REVOKE_REASON_MAX, revokeSchema } from "@/lib/requests/close-input";
import { ActionError } from "./action-error";

export function RevokeAccessButton({ requestId, requesterName, managed }: { requestId: string; requesterName: string; managed: boolean }) {
  const [open, setOpen] = useState(false);
  const ready = useHydrated();
  const [state, formAction, pending] = useActionState<CloseFormState, FormData>(revokeRequestAction, {});
  const [checkError, setCheckError] = useState<string>();
  const reasonError = checkError ?? state.error?.fieldErrors.reason;

  // The same schema the server parses with: a blank reason never makes the round trip.
  function check(event: FormEvent<HTMLFormElement>) {
    const form = new FormData(event.currentTarget);
    const parsed = revokeSchema.safeParse({ requestId, reason: form.get("reason") });
    setCheckError(parsed.success ? undefined : parsed.error.issues[0]?.message);
    if (!parsed.success) event.preventDefault();
  }

  return (
    <>
      <Button variant="danger" className="w-full" disabled={!ready} onClick={() => setOpen(true)}>
        Revoke access
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Revoke ${requesterName}'s access?`}
        description={
          managed
            ? "Frontdesk stops issuing sessions at once and has AWS deny the sessions already issued for this role."
            : "Frontdesk stops issuing sessions at once. It does not manage this role at AWS, so sessions already issued keep working until they expire."
        }
      >
        <form action={formAction} onSubmit={check} noValidate className="space-y-4">
          {state.error && !state.error.fieldErrors.reason && <ActionError error={state.error} />}
          <input type="hidden" name="requestId" value={requestId} />
          <Field id="reason" label="Reason" hint="Shown to the requester and kept in the audit trail." error={reasonError}>
            <Textarea id="reason" rows={3} maxLength={REVOKE_REASON_MAX} required defaultValue={state.values?.reason} error={reasonError} />
          </Field>
          <div className="flex justify-end gap-3">
            <Button variant="ghost" onClick={() => setOpen(false)}>
              Keep access
            </Button>
            <Button type="submit" variant="danger" disabled={pending}>
              {pending ? "Revoking…" : "Revoke now"}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
