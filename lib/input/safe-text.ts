// Every identifier and every piece of free text a person sends passes through here before any use
// case reads it or any row stores it. PostgreSQL refuses NUL in text (error 22021), control
// characters have no business in a justification or an id, and bidirectional overrides and
// invisible characters let a requester show approvers something other than what is stored
// (a right-to-left override turns "prod-read" into what looks like "daer-dorp"). Those are refused
// with a message that names the field; text already stored is shown with them made visible
// (revealHiddenCharacters) on the page, in email and in Slack.
import { z } from "zod";

/** C0 and C1 controls, DEL. Tab, line feed and carriage return are allowed in multi-line text only. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const CONTROL_OR_BREAK = /[\u0000-\u001F\u007F-\u009F]/u;
/**
 * Bidirectional controls (embeddings, overrides, isolates, marks), zero-width and other invisible
 * formatting characters, and the Unicode "tag" characters: none of them shows, all of them can
 * change what a reader sees.
 */
const HIDDEN =
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB\u{E0000}-\u{E007F}]/u;
const HIDDEN_GLOBAL = new RegExp(HIDDEN.source, "gu");

export type TextProblem = "control" | "hidden" | "encoding";

/** What is wrong with a value, or null when it may be stored and shown as it is. */
export function textProblem(value: string, options: { multiline?: boolean } = {}): TextProblem | null {
  if (!value.isWellFormed()) return "encoding";
  if ((options.multiline ? CONTROL : CONTROL_OR_BREAK).test(value)) return "control";
  if (HIDDEN.test(value)) return "hidden";
  return null;
}

function problemMessage(label: string, problem: TextProblem): string {
  switch (problem) {
    case "control":
      return `${label} contains a control character (such as NUL). Remove it and try again.`;
    case "hidden":
      return `${label} contains an invisible or text-direction character that could hide what it says. Type it plainly and try again.`;
    case "encoding":
      return `${label} contains a broken character. Type it again.`;
  }
}

/** An identifier sent by a browser or another system (request id, role id…): visible, single-line, bounded. */
export function identifierField(label: string, max = 64) {
  return z
    .string()
    .trim()
    .max(max, `${label} is too long.`)
    .superRefine((value, ctx) => {
      const problem = textProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problemMessage(label, problem) });
    });
}

/** Free text a person typed (justification, comment, reason, ticket). */
export function textField(label: string, options: { multiline?: boolean } = {}) {
  return z.string().superRefine((value, ctx) => {
    const problem = textProblem(value, options);
    if (problem) ctx.addIssue({ code: "custom", message: problemMessage(label, problem) });
  });
}

/** A value safe to write to a text column and to a log line: controls and broken characters replaced. */
export function storableText(value: unknown, max = 500): string {
  return String(value ?? "")
    .toWellFormed()
    .replace(new RegExp(CONTROL_OR_BREAK.source, "gu"), "\uFFFD")
    .slice(0, max);
}

/** Text for a reader: every hidden character shown as a visible marker like ⟦U+202E⟧. */
export function revealHiddenCharacters(value: string): string {
  return value.toWellFormed().replace(HIDDEN_GLOBAL, (ch) => `⟦U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}⟧`);
}
