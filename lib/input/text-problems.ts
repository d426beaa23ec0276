// What makes a piece of text unfit to store or show (see safe-text.ts for why), as plain functions
// without a validation library: the server's schemas refine with them and the browser's form
// checks call them, so both say the same thing about the same text.

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

export function textProblemMessage(label: string, problem: TextProblem): string {
  switch (problem) {
    case "control":
      return `${label} contains a control character (such as NUL). Remove it and try again.`;
    case "hidden":
      return `${label} contains an invisible or text-direction character that could hide what it says. Type it plainly and try again.`;
    case "encoding":
      return `${label} contains a broken character. Type it again.`;
  }
}

/** An identifier's first problem (it is trimmed first): too long, or text that may not be stored. */
export function identifierProblem(label: string, value: string, max = 64): string | null {
  const trimmed = value.trim();
  if (trimmed.length > max) return `${label} is too long.`;
  const problem = textProblem(trimmed);
  return problem ? textProblemMessage(label, problem) : null;
}

/** Free text's problem, or null when it may be stored as it is. */
export function freeTextProblem(label: string, value: string, options: { multiline?: boolean } = {}): string | null {
  const problem = textProblem(value, options);
  return problem ? textProblemMessage(label, problem) : null;
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
