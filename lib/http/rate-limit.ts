// Fixed-window rate limits shared by every app instance: one row per (key, window) in PostgreSQL,
// bumped by a single atomic upsert, so concurrent requests on many instances count exactly.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
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
  return error instanceof RateLimitedError ? error.retryAfterSeconds : undefined;
}

type Db = Pick<PrismaClient, "$queryRaw">;

/** Counts one hit; throws RateLimitedError (code RATE_LIMITED) once `limit` is exceeded in this window. */
export async function enforceRateLimit(db: Db, { key, limit, windowSeconds, now }: RateLimit): Promise<void> {
  const windowMs = windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimitHit" ("key", "windowStart", "count") VALUES (${key.slice(0, 200)}, ${windowStart}, 1)
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitHit"."count" + 1
    RETURNING "count"`;
  const count = Number(rows[0]?.count ?? 0);
  if (count > limit) {
    const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
    throw new RateLimitedError(retryAfter);
  }
}

/** Drops windows that ended before `now` (housekeeping; safe to run from any instance at any time). */
export async function pruneRateLimits(db: Pick<PrismaClient, "$executeRaw">, now: Date, olderThanSeconds = 24 * 60 * 60): Promise<number> {
  return db.$executeRaw`DELETE FROM "RateLimitHit" WHERE "windowStart" < ${new Date(now.getTime() - olderThanSeconds * 1000)}`;
}

/** Sign-in attempts (start and callback) per client IP. */
export function enforceSignInRateLimit(db: Db, options: { ip: string; now: Date }): Promise<void> {
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
