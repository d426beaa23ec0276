// Every identifier and every piece of free text a person sends passes through here before any use
// case reads it or any row stores it. PostgreSQL refuses NUL in text (error 22021), control
// characters have no business in a justification or an id, and bidirectional overrides and
// invisible characters let a requester show approvers something other than what is stored
// (a right-to-left override turns "prod-read" into what looks like "daer-dorp"). Those are refused
// with a message that names the field; text already stored is shown with them made visible
// (revealHiddenCharacters) on the page, in email and in Slack.
import { z } from "zod";
import { freeTextProblem, identifierProblem } from "./text-problems";

export { revealHiddenCharacters, storableText, textProblem, type TextProblem } from "./text-problems";

/** An identifier sent by a browser or another system (request id, role id…): visible, single-line, bounded. */
export function identifierField(label: string, max = 64) {
  return (
    z
      .string()
      .trim()
      .superRefine((value, ctx) => {
        const message = identifierProblem(label, value, max);
        if (message) ctx.addIssue({ code: "custom", message });
      })
      // The limit the refinement applies, stated for the API's JSON Schema.
      .meta({ maxLength: max })
  );
}

/** Free text a person typed (justification, comment, reason, ticket). */
export function textField(label: string, options: { multiline?: boolean } = {}) {
  return z.string().superRefine((value, ctx) => {
    const message = freeTextProblem(label, value, options);
    if (message) ctx.addIssue({ code: "custom", message });
  });
}
