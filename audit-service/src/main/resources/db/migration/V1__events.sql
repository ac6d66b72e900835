-- The audit trail. Each organization's events form a hash chain: sequence 1, 2, 3, ... and
-- hash = SHA-256 over the event's canonical form and the previous event's hash (see
-- dev.konfig.audit.chain.ChainHash). Events without an organization chain under the nil UUID.
CREATE TABLE events (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL,
    sequence        bigint      NOT NULL,
    occurred_at     timestamptz NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    event_type      text        NOT NULL,
    entity_type     text,
    entity_id       text,
    actor_id        text,
    actor_type      text,
    ip_address      text,
    user_agent      text,
    request_id      text,
    outcome         text        NOT NULL,
    event_data      jsonb       NOT NULL DEFAULT '{}',
    hash            text        NOT NULL,
    CONSTRAINT events_chain UNIQUE (organization_id, sequence)
);

-- Lists are newest first per organization; the filters narrow them.
CREATE INDEX events_by_time ON events (organization_id, occurred_at DESC, id DESC);
CREATE INDEX events_by_type ON events (organization_id, event_type text_pattern_ops, occurred_at DESC);
CREATE INDEX events_by_entity ON events (organization_id, entity_type, entity_id, occurred_at DESC);
CREATE INDEX events_by_actor ON events (organization_id, actor_id, occurred_at DESC);

-- Append-only, whatever role connects: only a superuser or the owner disabling the trigger
-- can change a row, and verify then names it.
CREATE FUNCTION refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION refuse_event_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();
