// Structured logs: one JSON object per line on stdout, with level, time, and (inside an HTTP
// request) the request id and the acting person's id. pino because it is the maintained, fast
// JSON logger for Node, with path-based redaction built in.
//
// Never log secrets: credentials, tokens, cookies and passwords are redacted by key wherever they
// appear in a logged object, and errors are reduced to their type, message and stack.
import pino, { type DestinationStream, type Logger } from "pino";
import { getOpsConfig } from "@/lib/env";
import { currentRequest } from "./context";

// Keys whose values never reach the log, at the top level and one or two levels down.
const SECRET_KEYS = [
  "password",
  "secret",
  "token",
  "accessToken",
  "refreshToken",
  "idToken",
  "sessionToken",
  "secretAccessKey",
  "accessKeyId",
  "credentials",
  "authorization",
  "cookie",
  "SessionToken",
  "SecretAccessKey",
  "AccessKeyId",
  "Credentials",
  "signinToken",
  "SigninToken",
  "clientSecret",
  "url",
];
const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

export function createLogger(destination?: DestinationStream, level?: string): Logger {
  return pino(
    {
      level: level ?? safeLevel(),
      base: { service: "frontdesk" },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: "msg",
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      serializers: { err: serializeError, error: serializeError },
      mixin() {
        const request = currentRequest();
        return request ? { reqId: request.requestId, ...(request.actorId ? { actorId: request.actorId } : {}) } : {};
      },
    },
    destination,
  );
}

function safeLevel(): string {
  try {
    return getOpsConfig().LOG_LEVEL;
  } catch {
    return "info";
  }
}

/** Type, message and stack only: an error's other fields (an SDK's request, a driver's config) may hold secrets. */
function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  return { type: error.name, message: error.message, stack: error.stack };
}

const store = globalThis as typeof globalThis & { __frontdeskLogger?: Logger };

/** The process's logger. */
export function log(): Logger {
  store.__frontdeskLogger ??= createLogger();
  return store.__frontdeskLogger;
}

/** Tests: send the process's log somewhere else (returns the previous logger to restore). */
export function replaceLogger(logger: Logger | undefined): Logger | undefined {
  const previous = store.__frontdeskLogger;
  store.__frontdeskLogger = logger;
  return previous;
}
