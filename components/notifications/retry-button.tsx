"use client";

import { useState, useTransition } from "react";
import { retryDeliveryAction } from "@/lib/actions/notification-actions";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";

/** Gives a delivery that gave up a fresh set of attempts. */
export function RetryDeliveryButton({ jobId }: { jobId: string }) {
  const ready = useHydrated();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        size="sm"
        variant="secondary"
        disabled={!ready || pending}
        onClick={() =>
          startTransition(async () => {
            const result = await retryDeliveryAction(jobId);
            setMessage(result.ok ? result.message : result.error.message);
          })
        }
      >
        Retry
      </Button>
      {message && (
        <span className="text-xs text-slate-600" role="status">
          {message}
        </span>
      )}
    </span>
  );
}
