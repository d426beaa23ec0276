-- Appending to the audit chain in one round trip. An audited transaction appends its events as
-- its last statement before COMMIT (lib/audit/record-audit-event.ts), and the chain lock is held
-- from there to the commit. Reading the head in one call and inserting in a second kept the lock
-- across two round trips to the application, and on a busy server each round trip waits its turn
-- behind everyone else's work: every writer then queued behind that wait. This function takes
-- the lock, reads the head and inserts the events chained after it, in one call.
--
-- The application sends each event's fields and its canonical form (chain-hash.ts's
-- canonicalJson of the same event). The hash is sha256 of the UTF-8 bytes of the previous hash
-- followed by that canonical form, exactly what chainHash computes, and the verifier recomputes
-- the canonical form from the stored fields, so a canonical form that did not match them would
-- be named as a changed row. The chain-position trigger still assigns seq and checks prevHash.
-- VOLATILE, like audit_chain_head_locked: the head is read with a snapshot taken after the lock
-- is granted. Semicolons inside the body are \073 (see 20261122114145_audit_append_only).

CREATE FUNCTION "audit_chain_append"(lock_key BIGINT, events JSONB) RETURNS BIGINT LANGUAGE plpgsql VOLATILE AS E'
DECLARE
  prev TEXT\073
  next_hash TEXT\073
  event JSONB\073
  last_seq BIGINT\073
BEGIN
  PERFORM pg_advisory_xact_lock(lock_key)\073
  SELECT e."hash" INTO prev FROM "AuditEvent" e ORDER BY e."seq" DESC LIMIT 1\073
  prev := COALESCE(prev, repeat(''0'', 64))\073
  FOR event IN SELECT value FROM jsonb_array_elements(events) LOOP
    next_hash := encode(sha256(convert_to(prev || (event->>''canonical''), ''UTF8'')), ''hex'')\073
    INSERT INTO "AuditEvent" ("at", "actorId", "action", "targetType", "targetId", "requestId", "result", "data", "prevHash", "hash")
    VALUES (
      (event->>''at'')::timestamp(3), event->>''actorId'', event->>''action'', event->>''targetType'',
      event->>''targetId'', event->>''requestId'', event->>''result'', event->''data'', prev, next_hash
    )
    RETURNING "seq" INTO last_seq\073
    prev := next_hash\073
  END LOOP\073
  RETURN last_seq\073
END
';

-- Replaced by audit_chain_append.
DROP FUNCTION "audit_chain_head_locked"(BIGINT);
