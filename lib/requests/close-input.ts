// The revoke and "I'm done" forms: the dialog checks with these and the server parses with them.
import { z } from "zod";

export const REVOKE_REASON_MAX = 500;

const requestId = z.string().trim().min(1, "No request given.").max(64, "No such request.");

export const revokeSchema = z.object({
  requestId,
  reason: z
    .string({ message: "Say why you are revoking this access." })
    .trim()
    .min(1, "Say why you are revoking this access.")
    .max(REVOKE_REASON_MAX, `Keep the reason under ${REVOKE_REASON_MAX} characters.`)
    .refine((text) => !text.includes("\u0000"), "The reason contains a character that cannot be stored."),
});

/** Forms that only name a request: "I'm done" and cancel. */
export const endSchema = z.object({ requestId });

export type RevokeInput = z.input<typeof revokeSchema>;
