"use client";

import { useActionState } from "react";
import { nudgeApproversAction } from "@/lib/actions/request-actions";
import type { MessageFormState } from "@/lib/actions/form-state";
import { Button } from "@/components/ui/button";
import { Time } from "@/components/ui/time";
import { ActionError } from "./action-error";

/** One nudge per the rule's interval; until `nextAt` (set only while it is ahead) the button says when. */
export function NudgeButton({ requestId, nextAt }: { requestId: string; nextAt: string | null }) {
  const [state, formAction, pending] = useActionState<MessageFormState, FormData>(nudgeApproversAction, {});
  const waiting = nextAt !== null;
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="requestId" value={requestId} />
      {state.error && <ActionError error={state.error} title="No nudge sent" />}
      {state.message && (
        <p role="status" className="text-sm text-emerald-800">
          {state.message}
        </p>
      )}
      <Button type="submit" variant="secondary" disabled={pending || waiting} className="w-full sm:w-auto">
        {pending ? "Nudging…" : "Nudge the approvers"}
      </Button>
      {waiting && nextAt && (
        <p className="text-xs text-slate-600">
          You can nudge them again from <Time date={nextAt} />.
        </p>
      )}
    </form>
  );
}
