// Sliding-window rate limits shared by every app instance, exact: each allowed attempt is a row in
// PostgreSQL, and an attempt is allowed only while fewer than `limit` rows of its key fall in the
// last `windowSeconds`. A per-key transaction lock makes concurrent attempts on many instances count
// one after another. Unlike fixed windows, no burst fits across a window edge (limit at 0:59 and
// limit again at 1:00); refused attempts are not stored, so a flood does not extend a lockout.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";
import { AppError, UnavailableError } from "@/lib/errors";
import { clientIp } from "./client-ip";
import { tooManyRequests } from "./responses";

export interface RateLimit {
  /** What is being counted, e.g. `signin:ip:203.0.113.9` or `request:person:<id>`. */
  key: string;
  /** Hits allowed per window; the next one is refused. */
  limit: number;
  windowSeconds: number;
  now: Date;
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super("RATE_LIMITED", `Too many attempts. Try again in ${describeWait(retryAfterSeconds)}.`);
  }
}

export function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** The seconds to wait from an error, when it is a rate limit; undefined otherwise. */
export function retryAfterOf(error: unknown): number | undefined {
  return error instanceof RateLimitedError || error instanceof UnavailableError ? error.retryAfterSeconds : undefined;
}

type Db = Pick<PrismaClient, "$queryRaw">;

// Advisory-lock namespace for rate-limit keys.
const RATE_LIMIT_LOCK_SPACE = 727_010;

/** Counts one attempt; throws RateLimitedError (code RATE_LIMITED) when `limit` attempts already fall in the last window. */
export async function enforceRateLimit(db: Db, { key, limit, windowSeconds, now }: RateLimit): Promise<void> {
  const name = key.slice(0, 200);
  const since = new Date(now.getTime() - windowSeconds * 1000);
  // One statement, its own transaction: rate_limit_hit() takes the key's lock, counts and records
  // (prisma/migrations/*_rate_limit_hit_function). Attempts on one key count one after another.
  const [row] = await db.$queryRaw<{ oldest: Date | null }[]>`
    SELECT rate_limit_hit(${RATE_LIMIT_LOCK_SPACE}::int, ${name}, ${since}::timestamp(3), ${now}::timestamp(3), ${limit}::int) AS "oldest"`;
  const oldest = row?.oldest ?? null;
  // Full: the next slot opens when the oldest attempt in the window leaves it.
  if (oldest) throw new RateLimitedError(Math.max(1, Math.ceil((oldest.getTime() + windowSeconds * 1000 - now.getTime()) / 1000)));
}

/** Sign-in attempts (start and callback) per client IP. */
function enforceSignInRateLimit(db: Db, options: { ip: string; now: Date }): Promise<void> {
  return enforceRateLimit(db, { key: `signin:ip:${options.ip}`, limit: getEnv().RATE_LIMIT_SIGNIN_PER_MINUTE, windowSeconds: 60, now: options.now });
}

/**
 * New access requests, per person and per client IP (an IP gets five people's worth: offices share
 * addresses). Call inside createRequest before any write.
 */
export async function enforceRequestCreationRateLimit(
  db: Db,
  options: { personId: string; ip?: string | null; now: Date; limitPerHour?: number },
): Promise<void> {
  const limit = options.limitPerHour ?? getEnv().RATE_LIMIT_REQUESTS_PER_HOUR;
  await enforceRateLimit(db, { key: `request:person:${options.personId}`, limit, windowSeconds: 3600, now: options.now });
  if (options.ip) {
    await enforceRateLimit(db, { key: `request:ip:${options.ip}`, limit: limit * 5, windowSeconds: 3600, now: options.now });
  }
}

/**
 * For sign-in route handlers (OIDC start and callback, SAML login and ACS): counts the attempt
 * against the client IP and returns the 429 response once over the limit, or null to go on.
 */
export async function signInRateLimitResponse(request: Request, db: Db): Promise<Response | null> {
  try {
    await enforceSignInRateLimit(db, { ip: clientIp(request.headers, getEnv().TRUSTED_PROXY_HOPS), now: new Date() });
    return null;
  } catch (error) {
    const retryAfter = retryAfterOf(error);
    if (retryAfter === undefined) throw error;
    return tooManyRequests(request, retryAfter);
  }
}
