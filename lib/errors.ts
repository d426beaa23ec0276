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
  /** Frontdesk is too busy to take this now (no database connection or transaction in time): retry shortly. */
  UNAVAILABLE: 503,
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

/** Too busy right now: answered 503 with Retry-After, never as an internal error. */
export class UnavailableError extends AppError {
  constructor(readonly retryAfterSeconds = 2) {
    super("UNAVAILABLE", "Frontdesk is busy right now. Try again in a few seconds.");
  }
}

// Prisma: P2028 (a transaction could not start within maxWait, or ran past its timeout),
// P2024 (no connection from the pool in time). pg's pool: a connect that waited out
// connectionTimeoutMillis. All mean "waited for others too long", never a fault in the work.
const BUSY_CODES = new Set(["P2028", "P2024"]);
const BUSY_MESSAGES = [/timeout exceeded when trying to connect/i, /Unable to start a transaction in the given time/i, /Transaction already closed/i];

/**
 * The one place where waiting too long for the database becomes an expected error: 503 with
 * Retry-After, so load is shed politely. Anything else is returned unchanged.
 */
export function toAppError(error: unknown): unknown {
  if (error instanceof AppError || !(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  if ((typeof code === "string" && BUSY_CODES.has(code)) || BUSY_MESSAGES.some((pattern) => pattern.test(error.message))) {
    return new UnavailableError();
  }
  return error;
}

export interface UserError {
  code: ErrorCode | "INTERNAL";
  message: string;
  fieldErrors: Record<string, string>;
  link: { href: string; label: string } | null;
}

/** What may be shown to a person for any thrown value. Never echoes internals. */
export function toUserError(thrown: unknown): UserError {
  const error = toAppError(thrown);
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
