"use client";

import { cancelRequestAction } from "@/lib/actions/request-actions";
import { ConfirmRequestAction } from "./confirm-request-action";

export function CancelRequestButton({ requestId }: { requestId: string }) {
  return (
    <ConfirmRequestAction
      requestId={requestId}
      action={cancelRequestAction}
      trigger="Cancel request"
      title="Cancel this request?"
      description="Approvers will no longer see it. You can request again later."
      keepLabel="Keep it"
      confirmLabel="Cancel request"
      pendingLabel="Cancelling…"
    />
  );
}
