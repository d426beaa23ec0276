"use client";

import { useState, useTransition, type FormEvent } from "react";
import { endPersonSessionsAction } from "@/lib/actions/session-actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { useHydrated } from "@/components/ui/use-hydrated";

/** Ends every session of one person (by email) and says what happened. */
export function EndSessionsForm() {
  const ready = useHydrated();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ tone: "success" | "danger"; text: string } | null>(null);
  const [error, setError] = useState<string | undefined>();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("end-sessions-email") ?? "");
    setResult(null);
    setError(undefined);
    startTransition(async () => {
      const outcome = await endPersonSessionsAction(email);
      if (outcome.ok) setResult({ tone: "success", text: outcome.message });
      else {
        setResult({ tone: "danger", text: outcome.error.message });
        setError(outcome.error.fieldErrors.email);
      }
    });
  }

  return (
    <form onSubmit={submit} className="space-y-3" aria-label="End all sessions of a person">
      <Field id="end-sessions-email" label="Email address" hint="Every browser where this person is signed in is signed out at once." error={error}>
        <Input id="end-sessions-email" name="end-sessions-email" type="email" required placeholder="someone@example.com" error={error} />
      </Field>
      <Button type="submit" variant="secondary" disabled={!ready || pending}>
        End all sessions
      </Button>
      {result && <Alert tone={result.tone}>{result.text}</Alert>}
    </form>
  );
}
