// One schema for the request form: the browser validates with it and the server parses with it.
import { z } from "zod";

export const JUSTIFICATION_MAX = 1000;

export const newRequestSchema = z.object({
  roleId: z.string().trim().min(1, "Choose a role."),
  justification: z
    .string()
    .trim()
    .min(1, "Say why you need this access.")
    .max(JUSTIFICATION_MAX, `Keep the justification under ${JUSTIFICATION_MAX} characters.`)
    .refine((text) => !text.includes("\u0000"), "The justification contains a character that cannot be stored."),
  durationMinutes: z.coerce
    .number({ message: "Choose a duration." })
    .int("Choose a whole number of minutes.")
    .min(15, "The shortest window is 15 minutes."),
});

export type NewRequestInput = z.input<typeof newRequestSchema>;

export const decisionSchema = z.object({
  requestId: z.string().min(1),
  decision: z.enum(["APPROVE", "DENY"]),
  comment: z
    .string()
    .trim()
    .max(1000, "Keep the comment under 1000 characters.")
    .refine((text) => !text.includes("\u0000"), "The comment contains a character that cannot be stored.")
    .optional(),
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
