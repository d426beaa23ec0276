"use client";

import { startTransition, useActionState, useEffect, useState, type FormEvent } from "react";
import { decideRequestAction } from "@/lib/actions/request-actions";
import type { FormState } from "@/lib/actions/form-state";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field, Textarea } from "@/components/ui/field";
import { reauthUrl } from "@/lib/auth/reauth";
import { DECISION_COMMENT_MAX } from "@/lib/requests/input-limits";
import { ActionError } from "./action-error";

type Decision = "APPROVE" | "DENY";

const DENY_REASON = "Say why you deny it: the requester sees your comment.";

export function DecisionPanel({
  requestId,
  initialDecision,
  denyCommentRequired,
  approvals,
  mfaMissing = false,
  stepUpFailed = false,
}: {
  requestId: string;
  /** From a deep link (?action=approve|deny), e.g. a Slack button. */
  initialDecision?: Decision;
  denyCommentRequired: boolean;
  approvals: { count: number; required: number };
  /** Approving this rule needs a multi-factor sign-in, and this one was not. */
  mfaMissing?: boolean;
  /** Back from a step-up sign-in that still had no second factor. */
  stepUpFailed?: boolean;
}) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(decideRequestAction, {});
  const [choice, setChoice] = useState<Decision | undefined>(initialDecision);
  const [comment, setComment] = useState(state.values?.comment ?? "");
  const [checkError, setCheckError] = useState<string>();
  const commentError = checkError ?? state.error?.fieldErrors.comment;
  const reasonRequired = denyCommentRequired && choice === "DENY";
  const returnTo = `/requests/${encodeURIComponent(requestId)}`;
  const last = approvals.count + 1 >= approvals.required;
  // The step-up comes back with the decision chosen and a marker, so a sign-in without the second
  // factor is said plainly instead of returning silently.
  const stepUp = (action: "approve" | "deny") => reauthUrl("mfa", `${returnTo}?action=${action}&stepup=mfa`);

  // A deep link's decision gets the focus: the reason to write for a denial, else the Approve button.
  useEffect(() => {
    if (initialDecision) document.getElementById(initialDecision === "DENY" ? "comment" : "approve-decision")?.focus();
  }, [initialDecision]);

  // A denial without the reason the rule asks for never makes the round trip (the server checks
  // too). Sent through a transition so a refusal keeps the comment; without JavaScript the form
  // still posts normally.
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const decision = submitter?.value as Decision | undefined;
    if (decision) setChoice(decision);
    if (decision === "DENY" && denyCommentRequired && !comment.trim()) {
      setCheckError(DENY_REASON);
      document.getElementById("comment")?.focus();
      return;
    }
    setCheckError(undefined);
    const data = new FormData(event.currentTarget, submitter);
    startTransition(() => formAction(data));
  }

  return (
    <Card className="ring-2 ring-amber-300">
      <CardHeader
        title="Your decision"
        description={
          approvals.required > 1
            ? `Needs ${approvals.required} approvals; ${approvals.count} so far. ${last ? "Yours completes it and opens the window." : "Yours counts toward them."}`
            : "Check who is asking, for what, for how long, and why."
        }
      />
      <CardBody>
        <form action={formAction} onSubmit={submit} noValidate className="space-y-4">
          {state.error && !state.error.fieldErrors.comment && <ActionError error={state.error} title="The decision was not recorded" returnTo={returnTo} />}
          {mfaMissing && (
            <Alert
              tone="warning"
              title={stepUpFailed ? "You signed in again, but without a second factor" : "Deciding this needs a sign-in with a second factor"}
            >
              {stepUpFailed
                ? "Your identity provider reported no second factor for that sign-in. Sign in again and use your second factor (a security key, an authenticator app…), then decide."
                : "Your current sign-in did not use one. The buttons below take you to a sign-in with your second factor and back here."}
            </Alert>
          )}
          <input type="hidden" name="requestId" value={requestId} />
          <Field
            id="comment"
            label={reasonRequired ? "Reason for denying (required)" : "Comment (optional)"}
            hint={
              reasonRequired
                ? "The requester sees it; it is kept in the audit trail."
                : denyCommentRequired
                  ? "Optional when approving, required to deny. Shown to the requester and kept in the audit trail."
                  : "Shown to the requester and kept in the audit trail."
            }
            error={commentError}
          >
            <Textarea
              id="comment"
              rows={2}
              maxLength={DECISION_COMMENT_MAX}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              error={commentError}
              aria-required={reasonRequired}
            />
          </Field>
          {mfaMissing ? (
            <div className="flex flex-wrap justify-end gap-3">
              <ButtonLink href={stepUp("deny")} variant="secondary">
                Deny: sign in with a second factor first
              </ButtonLink>
              <ButtonLink href={stepUp("approve")} id="approve-decision">
                Approve: sign in with a second factor first
              </ButtonLink>
            </div>
          ) : (
            <div className="flex flex-wrap justify-end gap-3">
              <Button type="submit" name="decision" value="DENY" variant={choice === "DENY" ? "danger" : "secondary"} disabled={pending}>
                {pending && choice === "DENY" ? "Denying…" : "Deny"}
              </Button>
              <Button
                type="submit"
                name="decision"
                value="APPROVE"
                variant={choice === "DENY" ? "secondary" : "primary"}
                id="approve-decision"
                disabled={pending}
              >
                {pending && choice !== "DENY" ? "Approving…" : "Approve"}
              </Button>
            </div>
          )}
        </form>
      </CardBody>
    </Card>
  );
}
