// The break-glass review form: the panel checks with this schema and the server parses with it.
import { z } from "zod";
import { identifierField, textField } from "@/lib/input/safe-text";

const REVIEW_NOTES_MIN = 10;
export const REVIEW_NOTES_MAX = 2000;

export const reviewSchema = z.object({
  requestId: identifierField("The request").pipe(z.string().min(1)),
  notes: textField("The notes", { multiline: true })
    .trim()
    .min(REVIEW_NOTES_MIN, `Write what you checked and found (at least ${REVIEW_NOTES_MIN} characters).`)
    .max(REVIEW_NOTES_MAX, `Keep the notes under ${REVIEW_NOTES_MAX} characters.`),
});
