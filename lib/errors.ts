// Expected failures carry a code and words a person can act on. Anything else is unexpected:
// logged with an id and shown generically (see toUserError).
import { randomUUID } from "node:crypto";

const ERROR_STATUS = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_INPUT: 400,
  CONFLICT: 409,
  WINDOW_CLOSED: 409,
  AWS_ERROR: 502,
  /** The action needs a fresher sign-in (recent authentication) than the session has. */
  REAUTH_REQUIRED: 401,
  /** The action needs a sign-in with multi-factor authentication. */
  MFA_REQUIRED: 401,
  RATE_LIMITED: 429,
  /** The request's body is larger than Frontdesk accepts. */
  TOO_LARGE: 413,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: ErrorCode,
    readonly userMessage: string,
    /** Per-field messages for forms. */
    readonly fieldErrors: Record<string, string> = {},
    /** Where the person can act on it, e.g. the existing request an overlapping one collides with. */
    readonly link: { href: string; label: string } | null = null,
  ) {
    super(userMessage);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export interface UserError {
  code: ErrorCode | "INTERNAL";
  message: string;
  fieldErrors: Record<string, string>;
  link: { href: string; label: string } | null;
}

/** What may be shown to a person for any thrown value. Never echoes internals. */
export function toUserError(error: unknown): UserError {
  if (error instanceof AppError) {
    return { code: error.code, message: error.userMessage, fieldErrors: error.fieldErrors, link: error.link };
  }
  const incident = randomUUID().slice(0, 8);
  console.error(`[frontdesk] unexpected error (incident ${incident}):`, error);
  return {
    code: "INTERNAL",
    message: `Something went wrong on our side (incident ${incident}). Try again; if it persists, tell your Frontdesk admin.`,
    fieldErrors: {},
    link: null,
  };
}
