// What server actions hand back to the page: types only, so client components can import them.
import type { UserError } from "@/lib/errors";

/** The state of a form driven by useActionState: the refusal, and the person's typing to put back. */
export interface FormState {
  error?: UserError;
  values?: Record<string, string>;
}

/** A form whose success is said on the page itself (no redirect). */
export interface MessageFormState extends FormState {
  message?: string;
}

/** The revoke and "I'm done" forms keep only the reason. */
export interface CloseFormState extends FormState {
  values?: { reason?: string };
}

/** How an action called with arguments says no. */
export interface ActionFailure {
  ok: false;
  error: UserError;
}
