// The request form's field limits, and how its roles field is read: what the form needs while it is
// filled in. The rules that check a submission (request-fields.ts) build on these; they are apart so
// the form's first-load code carries the limits without the checks, which it loads on sending.
import { MAX_ROLES_PER_REQUEST } from "@/lib/policy/evaluate-request-set";

export const JUSTIFICATION_MIN = 4;
export const JUSTIFICATION_MAX = 1000;
export const TICKET_MAX = 128;
/** The form's roles travel as one text field ("dev,logs"): at most this long. */
export const ROLE_FIELD_MAX = MAX_ROLES_PER_REQUEST * 201;

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
