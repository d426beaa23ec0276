// Lengths the forms show (maxLength) and the schemas enforce, in a module without zod so client
// components can read them without shipping the validation library.

/** The longest comment an approver may give with a decision. */
export const DECISION_COMMENT_MAX = 1000;
