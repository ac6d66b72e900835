-- The first answer to a keyed create per (organization, Idempotency-Key), written in the same
-- transaction as the write (the platform's IdempotencyKeys), kept 24 hours.
CREATE TABLE idempotency_keys (
    organization_id uuid         NOT NULL,
    key             varchar(255) NOT NULL,
    request_hash    char(64)     NOT NULL,
    status          integer,
    body            text,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);
