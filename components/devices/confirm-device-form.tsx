"use client";

import { useState, useTransition } from "react";
import { confirmDeviceAction, confirmLoopbackAction } from "@/lib/actions/device-actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { useHydrated } from "@/components/ui/use-hydrated";

/** The code the terminal shows, checked by the person and confirmed (or refused) here. */
export function ConfirmDeviceForm({
  code,
  deviceName,
  loopback = null,
}: {
  code: string;
  deviceName: string | null;
  /** `frontdesk login --browser`: after confirming, the browser goes back to the terminal's loopback address. */
  loopback?: { redirectUri: string; state: string } | null;
}) {
  const ready = useHydrated();
  const [pending, startTransition] = useTransition();
  const [value, setValue] = useState(code);
  const [result, setResult] = useState<{ tone: "success" | "danger"; text: string } | null>(null);

  function send(approve: boolean) {
    setResult(null);
    startTransition(async () => {
      if (loopback && approve) {
        const sent = await confirmLoopbackAction({ userCode: value, ...loopback });
        if (sent.ok) window.location.assign(sent.redirect);
        setResult(sent.ok ? { tone: "success", text: sent.message } : { tone: "danger", text: sent.error.message });
        return;
      }
      const outcome = await confirmDeviceAction({ userCode: value, approve });
      setResult(outcome.ok ? { tone: "success", text: outcome.message } : { tone: "danger", text: outcome.error.message });
    });
  }

  if (result?.tone === "success") return <Alert tone="success">{result.text}</Alert>;
  return (
    <form onSubmit={(event) => (event.preventDefault(), send(true))} className="space-y-3" aria-label="Confirm a terminal sign-in">
      {deviceName && (
        <p className="text-sm text-slate-700">
          Device: <strong>{deviceName}</strong>
        </p>
      )}
      <Field id="device-code" label="Code shown in your terminal" hint="Only confirm a code you see in your own terminal, right now.">
        <Input id="device-code" name="device-code" required autoComplete="off" value={value} onChange={(event) => setValue(event.target.value)} />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" disabled={!ready || pending}>
          Sign in this device
        </Button>
        <Button type="button" variant="secondary" disabled={!ready || pending} onClick={() => send(false)}>
          Refuse
        </Button>
      </div>
      {result && <Alert tone={result.tone}>{result.text}</Alert>}
    </form>
  );
}
