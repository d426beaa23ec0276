// The one way a server action runs: read the operation's fields, resolve the signed-in person,
// call the use case, and turn any refusal into words for the page. Every action in lib/actions is
// built with defineFormAction (forms with useActionState) or defineAction (called with arguments)
// from define-action.ts, so none of them has a try/catch of its own. The kit is given how to find
// the dependencies and the person, so its tests need no Next.js request.
import { z } from "zod";
import type { Deps } from "@/lib/context";
import { toUserError, type UserError } from "@/lib/errors";
import type { Actor } from "@/lib/policy/access";
import type { ActionFailure, FormState } from "./form-state";

export interface ActionSources {
  deps(): Promise<Deps>;
  /** The signed-in person, or throws the refusal (UNAUTHENTICATED). */
  actor(): Promise<Actor>;
}

type FieldsOf<S extends z.ZodObject> = { [K in keyof S["shape"] & string]: string };

export interface FormActionSpec<S extends z.ZodObject, R, State extends FormState> {
  /**
   * The operation's schema, the one its form checks with. Its fields are the only ones read from
   * the submission (as text); the use case parses them with this same schema, so a refusal for bad
   * input is audited like any other refusal.
   */
  schema: S;
  /** The fields handed back to the form when the action is refused, so the person's typing survives. */
  keep?: readonly (keyof S["shape"] & string)[];
  run(context: { deps: Deps; actor: Actor; input: FieldsOf<S> }): Promise<R>;
  /** After success, outside the error mapping (redirect() throws to do its work). */
  onSuccess(result: R, input: FieldsOf<S>): NoInfer<State> | Promise<NoInfer<State>>;
}

export interface ActionSpec<S extends z.ZodType, T> {
  /** The argument's schema; input that does not parse is refused as invalid before anything runs. */
  schema: S;
  run(context: { deps: Deps; actor: Actor; input: z.output<S> }): Promise<T>;
}

/** A text field's value; anything else (a missing field, a file) reads as empty. */
function formText(formData: FormData, key: string): string {
  const value = formData.get(key);
  return typeof value === "string" ? value : "";
}

function invalid(error: z.ZodError): UserError {
  return {
    code: "INVALID_INPUT",
    message: error.issues[0]?.message ?? "The form sent is not valid. Reload the page and try again.",
    fieldErrors: {},
    link: null,
  };
}

export function actionKit(sources: ActionSources) {
  /** A form action for useActionState: `(previous state, form data) → state`. */
  function defineFormAction<S extends z.ZodObject, R, State extends FormState = FormState>(spec: FormActionSpec<S, R, State>) {
    return async function formAction(_previous: State, formData: FormData): Promise<State> {
      // A hand-made call (not the page's form) may send anything at all.
      if (!(formData instanceof FormData)) return { error: invalid(new z.ZodError([])) } as State;
      const input = Object.fromEntries(Object.keys(spec.schema.shape).map((key) => [key, formText(formData, key)])) as FieldsOf<S>;
      let result: R;
      try {
        result = await spec.run({ deps: await sources.deps(), actor: await sources.actor(), input });
      } catch (error) {
        const state: FormState = { error: toUserError(error) };
        if (spec.keep?.length) state.values = Object.fromEntries(spec.keep.map((key) => [key, input[key]]));
        return state as State;
      }
      return spec.onSuccess(result, input);
    };
  }

  /** An action called with one argument (or none), answering `T` or `{ ok: false, error }`. */
  function defineAction<S extends z.ZodType, T>(spec: ActionSpec<S, T>) {
    return async function action(input: z.input<S>): Promise<T | ActionFailure> {
      try {
        const actor = await sources.actor();
        const parsed = spec.schema.safeParse(input);
        if (!parsed.success) return { ok: false, error: invalid(parsed.error) };
        return await spec.run({ deps: await sources.deps(), actor, input: parsed.data });
      } catch (error) {
        return { ok: false, error: toUserError(error) };
      }
    };
  }

  return { defineFormAction, defineAction };
}
