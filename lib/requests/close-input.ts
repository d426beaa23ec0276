// The revoke and "I'm done" forms: the dialog checks with these and the server parses with them.
import { z } from "zod";
import { identifierField, textField } from "@/lib/input/safe-text";

export const REVOKE_REASON_MAX = 500;

const requestId = identifierField("The request").pipe(z.string().min(1, "No request given."));

export const revokeSchema = z.object({
  requestId,
  reason: textField("The reason", { multiline: true })
    .trim()
    .min(1, "Say why you are revoking this access.")
    .max(REVOKE_REASON_MAX, `Keep the reason under ${REVOKE_REASON_MAX} characters.`),
});

/** Forms that only name a request: "I'm done" and cancel. */
export const endSchema = z.object({ requestId });

export type RevokeInput = z.input<typeof revokeSchema>;
