ALTER TABLE outbox
    ADD COLUMN event_type      text,
    ADD COLUMN organization_id uuid,
    ADD COLUMN seq             bigint,
    ADD COLUMN fanned_out      boolean NOT NULL DEFAULT false;
CREATE SEQUENCE outbox_seq OWNED BY outbox.seq;
UPDATE outbox
SET event_type = payload->>'event_type',
    organization_id = CAST(payload->>'organization_id' AS uuid),
    fanned_out = (delivered_at IS NOT NULL),
    seq = ordered.n
FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM outbox) ordered
WHERE outbox.id = ordered.id;
SELECT setval('outbox_seq', COALESCE((SELECT max(seq) FROM outbox), 0) + 1, false);
ALTER TABLE outbox
    ALTER COLUMN seq SET DEFAULT nextval('outbox_seq'),
    ALTER COLUMN seq SET NOT NULL;
CREATE INDEX outbox_unfanned ON outbox (seq) WHERE NOT fanned_out;
CREATE TABLE outbox_deliveries (
    subscriber      text        NOT NULL,
    event_id        uuid        NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    seq             bigint      NOT NULL,
    organization_id uuid        NOT NULL,
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    PRIMARY KEY (subscriber, event_id)
);
CREATE INDEX outbox_deliveries_pending ON outbox_deliveries (subscriber, seq) WHERE delivered_at IS NULL;
CREATE INDEX outbox_deliveries_pending_per_organization
    ON outbox_deliveries (subscriber, organization_id, seq) WHERE delivered_at IS NULL;
CREATE INDEX outbox_deliveries_event ON outbox_deliveries (event_id) WHERE delivered_at IS NULL;
