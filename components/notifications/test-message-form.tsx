"use client";

import { useState, useTransition, type FormEvent } from "react";
import { sendTestMessageAction } from "@/lib/actions/notification-actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { useHydrated } from "@/components/ui/use-hydrated";

/** Sends one test message to a Slack channel or an email address and says what happened. */
export function TestMessageForm({ slack, email }: { slack: boolean; email: boolean }) {
  const ready = useHydrated();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ tone: "success" | "danger"; text: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const target = (event.nativeEvent as SubmitEvent).submitter?.getAttribute("value");
    const input = target === "email" ? { email: String(data.get("test-email") ?? "") } : { channel: String(data.get("test-channel") ?? "") };
    setResult(null);
    setErrors({});
    startTransition(async () => {
      const outcome = await sendTestMessageAction(input);
      if (outcome.ok) setResult({ tone: "success", text: outcome.message });
      else {
        setResult({ tone: "danger", text: outcome.error.message });
        setErrors(outcome.error.fieldErrors);
      }
    });
  }

  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Send a test message">
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="space-y-2">
          <Field id="test-channel" label="Slack channel" hint="A name like #aws-approvals or an id like C0123456789." error={errors.channel}>
            <Input id="test-channel" placeholder="#aws-approvals" disabled={!slack} error={errors.channel} />
          </Field>
          <Button type="submit" name="target" value="slack" variant="secondary" disabled={!ready || pending || !slack}>
            Send test to Slack
          </Button>
        </div>
        <div className="space-y-2">
          <Field id="test-email" label="Email address" hint="Sent through SMTP_URL from MAIL_FROM." error={errors.email}>
            <Input id="test-email" type="email" placeholder="security@example.com" disabled={!email} error={errors.email} />
          </Field>
          <Button type="submit" name="target" value="email" variant="secondary" disabled={!ready || pending || !email}>
            Send test email
          </Button>
        </div>
      </div>
      {pending && <p className="text-sm text-slate-600">Sending…</p>}
      {result && <Alert tone={result.tone}>{result.text}</Alert>}
    </form>
  );
}
