"use client";

import { lazy, startTransition, Suspense, useActionState, useEffect, useMemo, useState, type FormEvent } from "react";
import type { createRequestAction, setFavouriteRoleAction } from "@/lib/actions/request-actions";
import type { FormState } from "@/lib/actions/form-state";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { useCurrentMinute } from "@/components/ui/use-current-minute";
import { useHydrated } from "@/components/ui/use-hydrated";
import { formatDuration } from "@/lib/duration";
import { MAX_SCHEDULE_AHEAD_DAYS } from "@/lib/policy/request-window";
import { JUSTIFICATION_MAX, JUSTIFICATION_MIN, rolesOfForm, TICKET_MAX } from "@/lib/input/request-field-limits";
import { approvalSummary, defaultMinutes, durationChoices, listWords, localInputToIso, toLocalInput, windowWords } from "./request-form-text";
import { combineRoles, expandGroups, type AccountGroup, type RoleOption } from "./role-options";
import { RolePicker } from "./role-picker";
import { useFavouriteRoles } from "./use-favourite-roles";

export interface ExtensionTarget {
  /** The active grant that gets more time. */
  id: string;
  /** When it ends now (ISO 8601). */
  endsAt: string;
  /** The same, written by the server in the person's zone (the form carries no date formatting). */
  endsAtText: string;
}

function fit(minutes: number, maxMinutes: number): number {
  return durationChoices(maxMinutes).includes(minutes) ? minutes : defaultMinutes(maxMinutes);
}

// Not needed to show the form: the checks run when it is sent, and a refusal shows only after one.
// Both come in chunks of their own, fetched once the form is on screen (outside the page's
// first-load JS). Should the checks fail to load, the form is sent and the server's checks answer.
const loadCheck = () => import("./request-form-check");
const loadActionError = () => import("./action-error");
const ActionError = lazy(() => loadActionError().then((m) => ({ default: m.ActionError })));

const maxFor = (role: RoleOption | undefined, breakGlass: boolean) => (breakGlass ? role?.breakGlass?.maxMinutes : role?.standard?.maxMinutes) ?? 60;

export function RequestForm({
  groups,
  initialRoleId,
  clientKey,
  extension,
  returnTo,
  actorMfa = false,
  mfaSignInUrl,
  createRequest,
  setFavouriteRole,
  favourites: initialFavourites = [],
  recents = [],
  initialValues,
}: {
  groups: AccountGroup[];
  initialRoleId?: string;
  /** The person's starred roles and the roles of their latest requests, for the picker. */
  favourites?: string[];
  recents?: string[];
  /** "Request again": an earlier request's answers, to edit and send. */
  initialValues?: { justification: string; ticket: string; durationMinutes: number };
  /** One key per rendering of the form: a repeated submission finds the request already made. */
  clientKey: string;
  extension?: ExtensionTarget;
  /** This form's address, to come back to after signing in again. */
  returnTo: string;
  actorMfa?: boolean;
  /** Signing in again with a second factor, then back here (made by the server, with returnTo). */
  mfaSignInUrl: string;
  /** The server actions, passed in by the page (a server component) rather than imported here. */
  createRequest: typeof createRequestAction;
  setFavouriteRole: typeof setFavouriteRoleAction;
}) {
  const roles = useMemo(() => expandGroups(groups), [groups]);
  const [state, formAction, pending] = useActionState<FormState, FormData>(createRequest, {});
  // One role or several (one request for them all); with one role on offer it is chosen already.
  const [roleIds, setRoleIds] = useState<string[]>(() =>
    rolesOfForm(state.values?.roleId ?? initialRoleId ?? (roles.length === 1 ? (roles[0]?.id ?? "") : "")).filter((id) => roles.some((r) => r.id === id)),
  );
  const roleId = roleIds.join(",");
  const role = combineRoles(roleIds.flatMap((id) => roles.filter((r) => r.id === id)));
  const { favourites, favourite, error: favouriteError } = useFavouriteRoles(initialFavourites, setFavouriteRole);
  const [breakGlassChosen, setBreakGlass] = useState(state.values?.breakGlass === "on");
  // A role this person may only break glass on has no other way to ask.
  const breakGlass = role ? (role.standard ? breakGlassChosen && role.breakGlass !== null : role.breakGlass !== null) : false;
  const maxMinutes = maxFor(role, breakGlass);
  const [minutes, setMinutes] = useState(() => fit(Number(state.values?.durationMinutes) || initialValues?.durationMinutes || 60, maxMinutes));
  const [later, setLater] = useState(false);
  const [startLocal, setStartLocal] = useState("");
  const [justification, setJustification] = useState(state.values?.justification ?? initialValues?.justification ?? "");
  const [ticket, setTicket] = useState(state.values?.ticket ?? initialValues?.ticket ?? "");
  const [checkErrors, setCheckErrors] = useState<Record<string, string>>({});
  const now = useCurrentMinute();
  const hydrated = useHydrated();
  useEffect(() => {
    loadCheck().catch(() => undefined);
    loadActionError().catch(() => undefined);
  }, []);

  // A refusal is about the roles chosen when it came back: after choosing others it no longer applies.
  const [answeredFor, setAnsweredFor] = useState({ state, roleId });
  if (answeredFor.state !== state) setAnsweredFor({ state, roleId });
  const serverError = answeredFor.state === state && answeredFor.roleId !== roleId ? undefined : state.error;
  const serverErrors = serverError?.fieldErrors ?? {};
  const errors = { ...serverErrors, ...checkErrors };
  const startError = errors.startAt;
  const ask = breakGlass ? null : role?.standard;
  // Break glass asks for no ticket, but one can still be named.
  const ticketField = (breakGlass ? role?.standard?.ticket : ask?.ticket) ?? null;
  const choices = durationChoices(maxMinutes);
  const startIso = !breakGlass && !extension && later ? localInputToIso(startLocal) : null;
  const approval = ask ? approvalSummary(ask, minutes) : null;
  const from = extension ? new Date(extension.endsAt) : startIso ? new Date(startIso) : null;
  const windowText = now
    ? windowWords({ from, minutes, now, immediate: breakGlass || (approval?.automatic ?? false) })
    : `At most ${formatDuration(maxMinutes * 60)} for this role.`;

  function chooseRoles(ids: string[]) {
    const next = combineRoles(ids.flatMap((id) => roles.filter((r) => r.id === id)));
    setRoleIds(ids);
    setBreakGlass(false);
    setMinutes(fit(minutes, maxFor(next, !next?.standard)));
    setCheckErrors({});
  }

  function chooseBreakGlass(on: boolean) {
    setBreakGlass(on);
    setMinutes(fit(minutes, maxFor(role, on)));
  }

  // Submitting through a transition keeps what the person chose when the server refuses
  // (a plain form action resets the form); without JavaScript the form still posts normally.
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    // The clock as the person sends (the event's own time), not as the form renders.
    const nowMs = event.timeStamp + performance.timeOrigin;
    const checks = await loadCheck().catch(() => null);
    const found =
      checks?.requestFormCheck({
        data,
        ticketField,
        ticket,
        roleName: role?.name,
        breakGlass,
        scheduled: !breakGlass && !extension && later ? { startIso } : null,
        nowMs,
      }) ?? {};
    setCheckErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      const target = { startAt: "startAtLocal", form: "roleId" }[first] ?? first;
      document.getElementById(target)?.focus();
      return;
    }
    startTransition(() => formAction(data));
  }

  return (
    <form action={formAction} onSubmit={(event) => void submit(event)} className="space-y-6" noValidate data-ready={hydrated}>
      {serverError && (
        <Suspense fallback={null}>
          <ActionError error={serverError} title="The request was not sent" returnTo={returnTo} />
        </Suspense>
      )}
      <input type="hidden" name="clientKey" value={clientKey} />
      {extension && <input type="hidden" name="extendsId" value={extension.id} />}
      {startIso && <input type="hidden" name="startAt" value={startIso} />}
      {breakGlass && !(role?.standard && role.breakGlass) && <input type="hidden" name="breakGlass" value="on" />}

      {extension ? (
        <>
          <input type="hidden" name="roleId" value={roleId} />
          <Alert tone="info" title={`More time for your active access (ends ${extension.endsAtText})`}>
            {role?.label}. The extra time starts when your current window ends, and approvers decide it like any request.
          </Alert>
        </>
      ) : (
        <Field id="roleId" label="Role" error={errors.roleId ?? errors.roleIds ?? favouriteError ?? undefined}>
          <input type="hidden" name="roleId" value={roleId} />
          <RolePicker
            roles={roles}
            chosen={roleIds}
            onChange={chooseRoles}
            favourites={favourites}
            onFavourite={favourite}
            recents={recents}
            error={errors.roleId ?? errors.roleIds}
          />
        </Field>
      )}

      {role?.breakGlass && (
        <div className={cn("rounded-md px-4 py-3 ring-1 ring-inset", breakGlass ? "bg-rose-50 ring-rose-300" : "bg-white ring-slate-200")}>
          <div className="flex items-start gap-3">
            <input
              id="breakGlass"
              name={role.standard ? "breakGlass" : undefined}
              type="checkbox"
              checked={breakGlass}
              disabled={!role.standard}
              onChange={(e) => chooseBreakGlass(e.target.checked)}
              aria-describedby="breakGlass-hint"
              aria-invalid={Boolean(errors.breakGlass)}
              className="mt-0.5 size-4 rounded border-slate-300 text-rose-600 focus:ring-2 focus:ring-rose-600"
            />
            <div className="text-sm">
              <label htmlFor="breakGlass" className="font-medium text-slate-900">
                Break glass (emergency access)
              </label>
              <p id="breakGlass-hint" className={breakGlass ? "font-medium text-rose-800" : "text-slate-600"}>
                {breakGlass
                  ? "Activates now without approval. Approvers are notified and will review it."
                  : `For emergencies only: starts at once, for at most ${formatDuration(role.breakGlass.maxMinutes * 60)}, and is reviewed afterwards.`}
                {!role.standard && " You may only break glass on this role."}
              </p>
              {errors.breakGlass && (
                <p className="mt-1 text-rose-600" role="alert">
                  {errors.breakGlass}
                </p>
              )}
            </div>
          </div>
        </div>
      )}

      {ask?.mfa && !actorMfa && (
        <Alert tone="warning" title="This role needs a sign-in with a second factor">
          Your current sign-in did not use one.{" "}
          <a href={mfaSignInUrl} className="font-medium underline underline-offset-2">
            Sign in again
          </a>{" "}
          before you send the request.
        </Alert>
      )}

      {ticketField && (
        <Field
          id="ticket"
          label={breakGlass || !ticketField.required ? "Ticket (optional)" : "Ticket (required)"}
          hint={
            ticketField.pattern
              ? `The change or incident it is for${ticketField.example ? `, written like ${ticketField.example}` : ""} (must match ${ticketField.pattern}).`
              : "The change or incident it is for."
          }
          error={errors.ticket}
        >
          <Input
            id="ticket"
            value={ticket}
            onChange={(e) => setTicket(e.target.value)}
            maxLength={TICKET_MAX}
            required={ticketField.required && !breakGlass}
            aria-required={ticketField.required && !breakGlass}
            placeholder={ticketField.example ?? undefined}
            autoComplete="off"
            spellCheck={false}
            error={errors.ticket}
            className="font-mono sm:max-w-xs"
          />
        </Field>
      )}

      <Field
        id="justification"
        label="Justification"
        hint={
          <span className="flex flex-wrap justify-between gap-x-4">
            <span>What you will do and why. Approvers and auditors read this.</span>
            <span className="tabular-nums">
              {justification.trim().length < JUSTIFICATION_MIN ? `At least ${JUSTIFICATION_MIN} characters · ` : ""}
              {justification.length} / {JUSTIFICATION_MAX}
            </span>
          </span>
        }
        error={errors.justification}
      >
        <Textarea
          id="justification"
          rows={4}
          required
          maxLength={JUSTIFICATION_MAX}
          value={justification}
          onChange={(e) => setJustification(e.target.value)}
          error={errors.justification}
          placeholder={breakGlass ? "e.g. Checkout is down (INC-1234); restarting the payment workers" : "e.g. Investigate failing deploys for INC-1234"}
        />
      </Field>

      <div className="grid gap-6 sm:grid-cols-2">
        <Field
          id="durationMinutes"
          label="Duration"
          hint={`At most ${formatDuration(maxMinutes * 60)}${breakGlass ? " for break glass" : ""}.`}
          error={errors.durationMinutes}
        >
          <Select id="durationMinutes" value={String(minutes)} error={errors.durationMinutes} onChange={(e) => setMinutes(Number(e.target.value))}>
            {choices.map((m) => (
              <option key={m} value={m}>
                {formatDuration(m * 60)}
              </option>
            ))}
          </Select>
        </Field>
        {!breakGlass && !extension && (
          <fieldset className="space-y-1.5">
            <legend className="block text-sm font-medium text-slate-900">Start</legend>
            <div className="space-y-2 pt-1.5 text-sm text-slate-800">
              <label className="flex items-center gap-2">
                <input type="radio" name="startMode" checked={!later} onChange={() => setLater(false)} className="size-4 text-indigo-600" />
                As soon as approved
              </label>
              <label className="flex items-center gap-2">
                <input
                  type="radio"
                  name="startMode"
                  checked={later}
                  onChange={() => {
                    setLater(true);
                    if (!startLocal) setStartLocal(toLocalInput(new Date(Math.ceil((Date.now() + 30 * 60_000) / 900_000) * 900_000)));
                  }}
                  className="size-4 text-indigo-600"
                />
                At a set time
              </label>
            </div>
            {later && (
              <div className="pt-1">
                <label htmlFor="startAtLocal" className="sr-only">
                  Start time
                </label>
                <Input
                  id="startAtLocal"
                  type="datetime-local"
                  value={startLocal}
                  min={now ? toLocalInput(now) : undefined}
                  max={now ? toLocalInput(new Date(now.getTime() + MAX_SCHEDULE_AHEAD_DAYS * 86_400_000)) : undefined}
                  onChange={(e) => setStartLocal(e.target.value)}
                  error={startError}
                  aria-describedby={startError ? "startAtLocal-error" : undefined}
                />
                {startError && (
                  <p id="startAtLocal-error" className="mt-1.5 text-sm text-rose-600" role="alert">
                    {startError}
                  </p>
                )}
              </div>
            )}
          </fieldset>
        )}
      </div>

      <div
        aria-live="polite"
        className={cn(
          "space-y-1 rounded-md px-4 py-3 text-sm ring-1 ring-inset",
          breakGlass
            ? "bg-rose-50 text-rose-900 ring-rose-200"
            : approval?.automatic
              ? "bg-emerald-50 text-emerald-900 ring-emerald-200"
              : "bg-slate-50 text-slate-700 ring-slate-200",
        )}
      >
        <p className="font-medium">
          <span data-testid="window-summary">{windowText}</span>
          {now && <span className="ml-2 text-xs font-normal opacity-75">Your time zone: {Intl.DateTimeFormat().resolvedOptions().timeZone}</span>}
        </p>
        {breakGlass && role?.breakGlass && (
          <p>No approval needed. The approvers ({listWords(role.breakGlass.reviewers)}) are notified and review it afterwards.</p>
        )}
        {approval && <p data-testid="approval-summary">{approval.text}</p>}
        {ask && !approval?.automatic && (
          <p className="text-slate-600">If nobody decides within {formatDuration(ask.pendingTimeoutSeconds)}, the request expires.</p>
        )}
      </div>

      <div className="flex items-center justify-end gap-3">
        <ButtonLink href={extension ? `/requests/${extension.id}` : "/requests"} variant="ghost">
          Cancel
        </ButtonLink>
        <Button type="submit" variant={breakGlass ? "danger" : "primary"} disabled={pending}>
          {pending ? "Sending…" : breakGlass ? "Break glass and activate now" : "Send request"}
        </Button>
      </div>
    </form>
  );
}
