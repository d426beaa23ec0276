// The request form's field rules as plain functions, one home for each: the server's schema
// (lib/requests/request-input.ts) refines with them and the form in the browser checks with them,
// so the two cannot drift, and the browser loads no validation library. Each returns the field's
// first problem in the person's words, or null.
import { MIN_REQUEST_MINUTES } from "@/lib/policy/request-window";
import { JUSTIFICATION_MAX, JUSTIFICATION_MIN, ROLE_FIELD_MAX, TICKET_MAX } from "./request-field-limits";
import { freeTextProblem, identifierProblem } from "./text-problems";

export { JUSTIFICATION_MAX, JUSTIFICATION_MIN, ROLE_FIELD_MAX, rolesOfForm, TICKET_MAX } from "./request-field-limits";

/** ISO 8601 date and time with an offset (Z or ±hh:mm), seconds and fractions optional. */
const ISO_DATETIME_WITH_OFFSET = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const CLIENT_KEY = /^[\w-]{8,64}$/;
const TICKET_WORD = /^[\x21-\x7e]+$/;

/** The roles field of the request (one role id, or the form's comma-separated list). */
export function roleFieldProblem(value: string, label = "The role", max = 200): string | null {
  return identifierProblem(label, value, max) ?? (value.trim() ? null : "Choose a role.");
}

export function justificationProblem(value: string): string | null {
  const text = freeTextProblem("The justification", value, { multiline: true });
  if (text) return text;
  const length = value.trim().length;
  if (length < JUSTIFICATION_MIN) return `Say why you need this access (at least ${JUSTIFICATION_MIN} characters).`;
  if (length > JUSTIFICATION_MAX) return `Keep the justification under ${JUSTIFICATION_MAX} characters.`;
  return null;
}

/** An optional ticket reference, already trimmed (empty means none). */
export function ticketProblem(value: string): string | null {
  if (!value) return null;
  return (
    freeTextProblem("The ticket reference", value) ??
    (value.length > TICKET_MAX ? `Keep the ticket reference under ${TICKET_MAX} characters.` : null) ??
    (TICKET_WORD.test(value) ? null : "A ticket reference is one word of letters, digits and punctuation, like OPS-1234.")
  );
}

/** The duration in minutes, as a number (NaN when the field was not a number). */
export function durationProblem(minutes: number): string | null {
  if (!Number.isFinite(minutes)) return "Choose a duration.";
  if (!Number.isInteger(minutes)) return "Choose a whole number of minutes.";
  if (minutes < MIN_REQUEST_MINUTES) return `The shortest window is ${MIN_REQUEST_MINUTES} minutes.`;
  return null;
}

/** An optional scheduled start, already trimmed (empty means as soon as approved). */
export function startAtProblem(value: string): string | null {
  return !value || ISO_DATETIME_WITH_OFFSET.test(value) ? null : "Choose a valid start time.";
}

/** An optional active request to extend, already trimmed. */
export function extendsIdProblem(value: string): string | null {
  return value ? identifierProblem("The access to extend", value) : null;
}

/** The form's optional one-time key, already trimmed. */
export function clientKeyProblem(value: string): string | null {
  return !value || CLIENT_KEY.test(value) ? null : "Reload the form and try again.";
}

/**
 * The request form's fields as the browser sends them: field → first problem, the same rules (and
 * words) the server's requestFormSchema applies to the same submission.
 */
export function requestFormProblems(fields: Record<string, unknown>): Record<string, string> {
  const text = (name: string) => (typeof fields[name] === "string" ? (fields[name] as string) : "");
  const found: Record<string, string | null> = {
    roleId: roleFieldProblem(text("roleId"), "The roles", ROLE_FIELD_MAX),
    justification: justificationProblem(text("justification")),
    ticket: ticketProblem(text("ticket").trim()),
    durationMinutes: durationProblem(Number(text("durationMinutes"))),
    startAt: startAtProblem(text("startAt").trim()),
    extendsId: extendsIdProblem(text("extendsId").trim()),
    clientKey: clientKeyProblem(text("clientKey").trim()),
  };
  return Object.fromEntries(Object.entries(found).filter((entry): entry is [string, string] => entry[1] !== null));
}
