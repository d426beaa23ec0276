"use client";

import { startTransition, useActionState, useState, type FormEvent } from "react";
import { completeReviewAction } from "@/lib/actions/request-actions";
import type { FormState } from "@/lib/actions/form-state";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field, Textarea } from "@/components/ui/field";
import { REVIEW_NOTES_MAX, reviewSchema } from "@/lib/requests/review-input";
import { ActionError } from "./action-error";

/** The open break-glass review, for someone who may complete it: what they checked and found. */
export function ReviewTaskForm({ requestId, requesterName }: { requestId: string; requesterName: string }) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(completeReviewAction, {});
  const [notes, setNotes] = useState(state.values?.notes ?? "");
  const [checkError, setCheckError] = useState<string>();
  const notesError = checkError ?? state.error?.fieldErrors.notes;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // The schema the server parses with.
    const parsed = reviewSchema.shape.notes.safeParse(notes);
    if (!parsed.success) {
      setCheckError(parsed.error.issues[0]?.message);
      document.getElementById("notes")?.focus();
      return;
    }
    setCheckError(undefined);
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  }

  return (
    <Card className="ring-2 ring-rose-300">
      <CardHeader
        title="Break-glass review"
        description={`${requesterName} activated this access without approval. Check what was done with it (CloudTrail has every call made with the sessions issued) and record what you found.`}
        actions={<Badge tone="warning">Review open</Badge>}
      />
      <CardBody>
        <form action={formAction} onSubmit={submit} noValidate className="space-y-4">
          {state.error && !state.error.fieldErrors.notes && <ActionError error={state.error} title="The review was not recorded" />}
          <input type="hidden" name="requestId" value={requestId} />
          <Field id="notes" label="Review notes" hint="Kept in the audit trail with your name." error={notesError}>
            <Textarea id="notes" rows={3} maxLength={REVIEW_NOTES_MAX} value={notes} onChange={(e) => setNotes(e.target.value)} error={notesError} required />
          </Field>
          <div className="flex justify-end">
            <Button type="submit" disabled={pending}>
              {pending ? "Saving…" : "Mark reviewed"}
            </Button>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
