// One schema for the request form: the server parses with it, and its field rules (lib/input/request-fields.ts)
// are the ones the browser checks with.
// Only these fields are read: anything else in a submission (status, requesterId, endsAt...) is
// dropped, never assigned.
import { DECISION_COMMENT_MAX } from "./input-limits";
import { z } from "zod";
import { MAX_ROLES_PER_REQUEST } from "@/lib/policy/evaluate-request-set";
import { MIN_REQUEST_MINUTES } from "@/lib/policy/request-window";
import {
  clientKeyProblem,
  durationProblem,
  extendsIdProblem,
  JUSTIFICATION_MAX,
  JUSTIFICATION_MIN,
  justificationProblem,
  ROLE_FIELD_MAX,
  roleFieldProblem,
  startAtProblem,
  ticketProblem,
} from "@/lib/input/request-fields";
import { identifierField, textField } from "@/lib/input/safe-text";

export { JUSTIFICATION_MAX, JUSTIFICATION_MIN, rolesOfForm, TICKET_MAX } from "@/lib/input/request-fields";

/**
 * A field checked by one of the rules in lib/input/request-fields.ts (the form checks with the
 * same); `.meta` states the same limits for the API's JSON Schema, which cannot see into a refinement.
 */
function checkedBy<T>(problem: (value: T) => string | null) {
  return (value: T, ctx: z.RefinementCtx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: "custom", message });
  };
}

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

/** Optional text checked by a rule, undefined when empty. */
const optionalChecked = (problem: (value: string) => string | null) => optionalText.superRefine((value, ctx) => checkedBy(problem)(value ?? "", ctx));

export const newRequestSchema = z.object({
  roleId: z
    .string()
    .superRefine(checkedBy((value: string) => roleFieldProblem(value)))
    .trim()
    .meta({ maxLength: 200 }),
  justification: z.string().superRefine(checkedBy(justificationProblem)).trim().meta({ minLength: JUSTIFICATION_MIN, maxLength: JUSTIFICATION_MAX }),
  ticket: optionalChecked(ticketProblem),
  durationMinutes: z.coerce
    .number({ message: "Choose a duration." })
    .superRefine(checkedBy(durationProblem))
    .meta({ type: "integer", minimum: MIN_REQUEST_MINUTES, maximum: Number.MAX_SAFE_INTEGER }),
  /** When access should start (ISO 8601 with an offset); empty means as soon as approved. */
  startAt: optionalChecked(startAtProblem),
  /** Break glass: self-activate now, reviewed afterwards. */
  breakGlass: z
    .union([z.boolean(), z.string()])
    .optional()
    .transform((value) => value === true || value === "on" || value === "true"),
  /** The active request this one would extend. */
  extendsId: optionalChecked(extendsIdProblem),
  /** The form's one-time key: a retried or double-clicked submission finds the same request. */
  clientKey: optionalChecked(clientKeyProblem),
});

/**
 * The request form's variant: its roles travel as one text field ("dev,logs"; form fields are text),
 * split by rolesOfForm; one role is a plain request, several a request for several roles.
 */
export const requestFormSchema = newRequestSchema.extend({
  roleId: z
    .string()
    .superRefine(checkedBy((value: string) => roleFieldProblem(value, "The roles", ROLE_FIELD_MAX)))
    .trim()
    .meta({ maxLength: ROLE_FIELD_MAX }),
});

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
