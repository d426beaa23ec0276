// Pure: whether a session token may still act, judged from the token itself (idle limit counted
// from its last renewal, absolute cap counted from sign-in) and from the person's session version
// in the database (sign-out and an admin's "end all sessions" bump it). The same rule serves
// getActor and next-auth's own /api/auth/session, so neither accepts a cookie the other refuses.

export type SessionEndReason = "malformed" | "idle" | "cap" | "future" | "ended" | "unknown-person";

export interface SessionTokenFacts {
  /** Seconds since the epoch: when this token was issued or last renewed. */
  iat?: unknown;
  /** Seconds since the epoch: the portal sign-in this session started with. */
  signedInAt?: unknown;
  uid?: unknown;
  /** The person's session version when they signed in. */
  sv?: unknown;
}

/** Clock skew tolerated between instances for times in the future. */
const SESSION_SKEW_SECONDS = 60;

/**
 * Null while the session may act; otherwise why it has ended. `person` is null when the person no
 * longer exists. Tokens issued before versions existed carry none and count as version 0.
 */
export function sessionEndReason(
  token: SessionTokenFacts,
  person: { sessionVersion: number } | null,
  now: Date,
  limits: { idleSeconds: number; maxSeconds: number },
): SessionEndReason | null {
  const { iat, signedInAt, uid } = token;
  if (typeof iat !== "number" || typeof signedInAt !== "number" || typeof uid !== "string" || !uid) return "malformed";
  const nowSeconds = now.getTime() / 1000;
  if (signedInAt > nowSeconds + SESSION_SKEW_SECONDS || iat > nowSeconds + SESSION_SKEW_SECONDS) return "future";
  if (nowSeconds - signedInAt > limits.maxSeconds) return "cap";
  if (nowSeconds - iat > limits.idleSeconds) return "idle";
  if (!person) return "unknown-person";
  const version = typeof token.sv === "number" ? token.sv : 0;
  // Versions only grow: a token newer than the version read (a read cached a moment before a
  // sign-out and the sign-in after it) belongs to a session started after that bump.
  if (version < person.sessionVersion) return "ended";
  return null;
}
