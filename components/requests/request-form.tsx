"use client";

import { startTransition, useActionState, useMemo, useState, type FormEvent } from "react";
import { createRequestAction, type FormState } from "@/app/requests/actions";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { Field, Select, Textarea } from "@/components/ui/field";
import { useCurrentMinute } from "@/components/ui/use-current-minute";
import { useHydrated } from "@/components/ui/use-hydrated";
import { formatDuration } from "@/lib/duration";
import { JUSTIFICATION_MAX } from "@/lib/requests/request-input";

export interface RoleOption {
  id: string;
  label: string;
  description: string;
  maxMinutes: number;
}

const PRESET_MINUTES = [15, 30, 60, 120, 240, 480, 720, 1440];

function durationChoices(maxMinutes: number): number[] {
  const choices = PRESET_MINUTES.filter((m) => m <= maxMinutes);
  return choices.includes(maxMinutes) ? choices : [...choices, maxMinutes];
}

function endTimeHint(minutes: number, now: Date): string {
  const end = new Date(now.getTime() + minutes * 60_000);
  return `If approved now, access ends at ${end.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })} (your time).`;
}

export function RequestForm({ roles, initialRoleId }: { roles: RoleOption[]; initialRoleId?: string }) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(createRequestAction, {});
  const [roleId, setRoleId] = useState(state.values?.roleId ?? initialRoleId ?? roles[0]?.id ?? "");
  const role = roles.find((r) => r.id === roleId);
  const choices = useMemo(() => durationChoices(role?.maxMinutes ?? 60), [role]);
  const [minutes, setMinutes] = useState(String(Math.min(60, role?.maxMinutes ?? 60)));
  const now = useCurrentMinute();
  const hydrated = useHydrated();
  const fieldErrors = state.error?.fieldErrors ?? {};

  // Submitting through a transition keeps what the person chose when the server refuses
  // (a plain form action resets the form); without JavaScript the form still posts normally.
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  }

  return (
    <form action={formAction} onSubmit={submit} className="space-y-6" noValidate data-ready={hydrated}>
      {state.error && (
        <Alert tone="danger" title="The request was not sent">
          {state.error.message}
        </Alert>
      )}
      <Field id="roleId" label="Role" hint={role?.description} error={fieldErrors.roleId}>
        <Select
          id="roleId"
          value={roleId}
          error={fieldErrors.roleId}
          onChange={(e) => {
            setRoleId(e.target.value);
            const max = roles.find((r) => r.id === e.target.value)?.maxMinutes ?? 60;
            if (Number(minutes) > max) setMinutes(String(max));
          }}
        >
          {roles.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        id="durationMinutes"
        label="Duration"
        hint={now ? endTimeHint(Number(minutes), now) : `At most ${formatDuration((role?.maxMinutes ?? 0) * 60)} for this role.`}
        error={fieldErrors.durationMinutes}
      >
        <Select id="durationMinutes" value={minutes} error={fieldErrors.durationMinutes} onChange={(e) => setMinutes(e.target.value)}>
          {!choices.includes(Number(minutes)) && <option value={minutes}>{formatDuration(Number(minutes) * 60)}</option>}
          {choices.map((m) => (
            <option key={m} value={m}>
              {formatDuration(m * 60)}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        id="justification"
        label="Justification"
        hint="What you will do and why. Approvers and auditors read this."
        error={fieldErrors.justification}
      >
        <Textarea
          id="justification"
          rows={4}
          required
          maxLength={JUSTIFICATION_MAX}
          defaultValue={state.values?.justification}
          error={fieldErrors.justification}
          placeholder="e.g. Investigate failing deploys for INC-1234"
        />
      </Field>
      <div className="flex items-center justify-end gap-3">
        <ButtonLink href="/requests" variant="ghost">
          Cancel
        </ButtonLink>
        <Button type="submit" disabled={pending}>
          {pending ? "Sending…" : "Send request"}
        </Button>
      </div>
    </form>
  );
}
