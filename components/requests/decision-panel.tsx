"use client";

import { useActionState, useState } from "react";
import { decideRequestAction, type FormState } from "@/app/requests/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field, Textarea } from "@/components/ui/field";

export function DecisionPanel({ requestId, initialDecision }: { requestId: string; initialDecision?: "APPROVE" | "DENY" }) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(decideRequestAction, {});
  const [choice, setChoice] = useState(initialDecision);
  return (
    <Card className="ring-2 ring-amber-300">
      <CardHeader title="Your decision" description="Check who is asking, for what, for how long, and why." />
      <CardBody>
        <form action={formAction} className="space-y-4">
          {state.error && (
            <Alert tone="danger" title="The decision was not recorded">
              {state.error.message}
            </Alert>
          )}
          <input type="hidden" name="requestId" value={requestId} />
          <Field id="comment" label="Comment (optional)" hint="Shown to the requester and kept in the audit trail.">
            <Textarea id="comment" rows={2} maxLength={1000} defaultValue={state.values?.comment} />
          </Field>
          <div className="flex flex-wrap justify-end gap-3">
            <Button
              type="submit"
              name="decision"
              value="DENY"
              variant={choice === "DENY" ? "danger" : "secondary"}
              disabled={pending}
              onClick={() => setChoice("DENY")}
            >
              Deny
            </Button>
            <Button
              type="submit"
              name="decision"
              value="APPROVE"
              variant={choice === "DENY" ? "secondary" : "primary"}
              disabled={pending}
              onClick={() => setChoice("APPROVE")}
              autoFocus={initialDecision === "APPROVE"}
            >
              {pending && choice === "APPROVE" ? "Approving…" : "Approve"}
            </Button>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
