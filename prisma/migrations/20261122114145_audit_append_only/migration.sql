-- Audit events are append-only and form one gapless hash chain.
--
-- Grants alone cannot guarantee this: PostgreSQL never checks privileges against a table's owner,
-- and the application usually owns its tables because it runs the migrations. The triggers below
-- bind every role, the owner included. Only a superuser (session_replication_role = replica) or
-- the owner (ALTER TABLE ... DISABLE TRIGGER) can step around them, which is why production
-- should run migrations as the owner and the application as a separate, non-owner role granted
-- only SELECT and INSERT on "AuditEvent" and USAGE on the sequence "AuditEvent_seq_seq".
-- Even then a superuser could rewrite the whole table: the periodic anchors
-- (lib/audit/anchor-jobs.ts) exist to make that detectable.
--
-- The function bodies are E'' strings with \073 for each semicolon because @prisma/adapter-pg
-- (which applies migrations to PostgreSQL here) splits a script at every semicolon, quoted or not.

CREATE FUNCTION "audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  RAISE EXCEPTION ''audit events are append-only (% on "AuditEvent" refused)'', TG_OP
    USING ERRCODE = ''insufficient_privilege'',
          HINT = ''Audit events can only be added: a correction is recorded as a new event.''\073
END
';

CREATE TRIGGER "AuditEvent_append_only"
  BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"();

CREATE TRIGGER "AuditEvent_append_only_truncate"
  BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_append_only"();

-- The chain position is assigned here, not by the column's sequence. A sequence value is spent
-- even when its transaction rolls back (a failed audit insert, a rule refusing after the audit
-- row was written), which would leave holes the verifier has to report as deleted rows.
-- Head + 1, taken under the advisory lock recordAuditEvent also holds, is gapless. Rows can never
-- be deleted, so the head never moves back and no position is handed out twice, and the writer
-- cannot pick one either: whatever seq it sends is overwritten.
-- The previous-hash check stops a writer that bypasses recordAuditEvent from forking the chain.
CREATE FUNCTION "audit_event_chain_position"() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  head_seq BIGINT\073
  head_hash TEXT\073
BEGIN
  PERFORM pg_advisory_xact_lock(727001)\073
  SELECT "seq", "hash" INTO head_seq, head_hash FROM "AuditEvent" ORDER BY "seq" DESC LIMIT 1\073
  NEW."seq" := COALESCE(head_seq, 0) + 1\073
  IF NEW."prevHash" IS DISTINCT FROM COALESCE(head_hash, repeat(''0'', 64)) THEN
    RAISE EXCEPTION ''audit event does not extend the chain: its previous hash must be the hash of row %'', COALESCE(head_seq, 0)
      USING ERRCODE = ''integrity_constraint_violation''\073
  END IF\073
  RETURN NEW\073
END
';

CREATE TRIGGER "AuditEvent_chain_position"
  BEFORE INSERT ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION "audit_event_chain_position"();

REVOKE UPDATE, DELETE, TRUNCATE ON "AuditEvent" FROM PUBLIC;
