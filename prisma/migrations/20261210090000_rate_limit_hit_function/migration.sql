-- One rate-limit attempt in one round trip (lib/http/rate-limit.ts): take the key's lock, count
-- the attempts in the window and, below the limit, record this one. Returns null when allowed, or
-- the oldest attempt in the window when full (the next slot opens when it leaves the window).
-- VOLATILE, like audit_chain_head_locked: in READ COMMITTED each statement takes a fresh snapshot,
-- so the count, which runs after the lock is granted, sees what the previous holder committed.
-- Semicolons inside the body are \073 (see 20261122114145_audit_append_only).

CREATE FUNCTION "rate_limit_hit"(lock_space INT, hit_key TEXT, since TIMESTAMP(3), hit_at TIMESTAMP(3), max_hits INT) RETURNS TIMESTAMP(3) LANGUAGE plpgsql VOLATILE AS E'
DECLARE
  hits INT\073
  oldest TIMESTAMP(3)\073
BEGIN
  PERFORM pg_advisory_xact_lock(lock_space, hashtext(hit_key))\073
  SELECT count(*)::int, min(r."at") INTO hits, oldest FROM "RateLimitEvent" r WHERE r."key" = hit_key AND r."at" > since\073
  IF hits >= max_hits THEN
    RETURN COALESCE(oldest, hit_at)\073
  END IF\073
  INSERT INTO "RateLimitEvent" ("key", "at") VALUES (hit_key, hit_at)\073
  RETURN NULL\073
END
';
