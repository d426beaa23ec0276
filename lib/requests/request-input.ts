// One schema for the request form: the browser validates with it and the server parses with it.
// Only these fields are read: anything else in a submission (status, requesterId, endsAt...) is
// dropped, never assigned.
import { DECISION_COMMENT_MAX } from "./input-limits";
import { z } from "zod";
import { MAX_ROLES_PER_REQUEST } from "@/lib/policy/evaluate-request-set";
import { MIN_REQUEST_MINUTES } from "@/lib/policy/request-window";
import { identifierField, textField } from "@/lib/input/safe-text";

export const JUSTIFICATION_MIN = 4;
export const JUSTIFICATION_MAX = 1000;
export const TICKET_MAX = 128;

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

export const newRequestSchema = z.object({
  roleId: identifierField("The role", 200).pipe(z.string().min(1, "Choose a role.")),
  justification: textField("The justification", { multiline: true })
    .trim()
    .min(JUSTIFICATION_MIN, `Say why you need this access (at least ${JUSTIFICATION_MIN} characters).`)
    .max(JUSTIFICATION_MAX, `Keep the justification under ${JUSTIFICATION_MAX} characters.`),
  ticket: optionalText.pipe(
    textField("The ticket reference")
      .max(TICKET_MAX, `Keep the ticket reference under ${TICKET_MAX} characters.`)
      .regex(/^[\x21-\x7e]+$/, "A ticket reference is one word of letters, digits and punctuation, like OPS-1234.")
      .optional(),
  ),
  durationMinutes: z.coerce
    .number({ message: "Choose a duration." })
    .int("Choose a whole number of minutes.")
    .min(MIN_REQUEST_MINUTES, `The shortest window is ${MIN_REQUEST_MINUTES} minutes.`),
  /** When access should start (ISO 8601 with an offset); empty means as soon as approved. */
  startAt: optionalText.pipe(z.iso.datetime({ offset: true, message: "Choose a valid start time." }).optional()),
  /** Break glass: self-activate now, reviewed afterwards. */
  breakGlass: z
    .union([z.boolean(), z.string()])
    .optional()
    .transform((value) => value === true || value === "on" || value === "true"),
  /** The active request this one would extend. */
  extendsId: optionalText.pipe(identifierField("The access to extend").optional()),
  /** The form's one-time key: a retried or double-clicked submission finds the same request. */
  clientKey: optionalText.pipe(
    z
      .string()
      .regex(/^[\w-]{8,64}$/, "Reload the form and try again.")
      .optional(),
  ),
});

/**
 * The request form's variant: its roles travel as one text field ("dev,logs"; form fields are text),
 * split by rolesOfForm; one role is a plain request, several a request for several roles.
 */
export const requestFormSchema = newRequestSchema.extend({
  roleId: identifierField("The roles", MAX_ROLES_PER_REQUEST * 201).pipe(z.string().min(1, "Choose a role.")),
});

export function rolesOfForm(value: string): string[] {
  return [
    ...new Set(
      value
        .split(",")
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ];
}

/** Several roles at once: the same fields, with the roles in place of one role (no extension). */
export const newRequestSetSchema = newRequestSchema.omit({ roleId: true, extendsId: true }).extend({
  roleIds: z
    .array(identifierField("The role", 200))
    .min(1, "Choose a role.")
    .max(MAX_ROLES_PER_REQUEST, `One request covers at most ${MAX_ROLES_PER_REQUEST} roles.`),
});

export type NewRequestSetInput = z.input<typeof newRequestSetSchema>;
export type NewRequestSet = z.output<typeof newRequestSetSchema>;

export type NewRequestInput = z.input<typeof newRequestSchema>;
export type NewRequest = z.output<typeof newRequestSchema>;

export const decisionSchema = z.object({
  requestId: identifierField("The request").pipe(z.string().min(1, "No request given.")),
  decision: z.enum(["APPROVE", "DENY"]),
  comment: optionalText.pipe(
    textField("The comment", { multiline: true }).max(DECISION_COMMENT_MAX, `Keep the comment under ${DECISION_COMMENT_MAX} characters.`).optional(),
  ),
});

/** Field → first message, the shape forms display. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    fields[key] ??= issue.message;
  }
  return fields;
}
