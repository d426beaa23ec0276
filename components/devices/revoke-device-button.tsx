"use client";

import { useState, useTransition } from "react";
import { revokeDeviceAction } from "@/lib/actions/device-actions";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";

export function RevokeDeviceButton({ id, label }: { id: string; label: string }) {
  const ready = useHydrated();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <Button
        variant="danger"
        size="sm"
        aria-label={`Sign out ${label}`}
        disabled={!ready || pending}
        onClick={() =>
          startTransition(async () => {
            const outcome = await revokeDeviceAction(id);
            setError(outcome.ok ? null : outcome.error.message);
          })
        }
      >
        Sign out
      </Button>
      {error && (
        <span role="alert" className="ml-2 text-sm text-rose-700">
          {error}
        </span>
      )}
    </>
  );
}
