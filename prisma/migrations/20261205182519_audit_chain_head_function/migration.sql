-- The audit chain's head, read under the chain lock in one round trip. Audited transactions
-- append their events just before COMMIT (lib/audit/record-audit-event.ts), so the lock is held
-- from this call to the commit. The function is VOLATILE: in READ COMMITTED each of its
-- statements takes a fresh snapshot, so the SELECT, which runs after the lock is granted, sees the
-- row the previous holder committed (a single SELECT that took the lock would not).
-- Semicolons inside the body are \073 (see 20261122114145_audit_append_only).

CREATE FUNCTION "audit_chain_head_locked"(lock_key BIGINT) RETURNS TABLE (seq BIGINT, hash TEXT) LANGUAGE plpgsql VOLATILE AS E'
BEGIN
  PERFORM pg_advisory_xact_lock(lock_key)\073
  RETURN QUERY SELECT e."seq", e."hash" FROM "AuditEvent" e ORDER BY e."seq" DESC LIMIT 1\073
END
';
