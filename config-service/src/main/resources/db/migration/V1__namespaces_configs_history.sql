CREATE TABLE namespaces (
    id              uuid         PRIMARY KEY,
    organization_id uuid         NOT NULL,
    name            varchar(255) NOT NULL,
    description     text,
    -- Bumped in the same transaction as every change of a config in the namespace: watchers
    -- compare it with the revision they last saw.
    revision        bigint       NOT NULL DEFAULT 0,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    updated_at      timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT namespaces_name_format CHECK (name ~ '^[a-zA-Z0-9_-]{1,255}$'),
    CONSTRAINT namespaces_organization_name_key UNIQUE (organization_id, name)
);

-- Keyset paging of an organization's namespaces walks (name, id).
CREATE INDEX namespaces_organization_name_id_idx ON namespaces (organization_id, name, id);

CREATE TABLE configs (
    id                uuid         PRIMARY KEY,
    organization_id   uuid         NOT NULL,
    namespace_id      uuid         NOT NULL REFERENCES namespaces (id) ON DELETE CASCADE,
    key               varchar(255) NOT NULL,
    value_type        varchar(16)  NOT NULL,
    -- The value as JSON text; for a secret, base64 of AES-GCM nonce || ciphertext || tag.
    value             text         NOT NULL,
    -- Which key encrypted the value; null for values that are not secret.
    secret_key_id     varchar(64),
    is_secret         boolean      NOT NULL DEFAULT false,
    validation_schema jsonb,
    description       text,
    version           bigint       NOT NULL,
    created_at        timestamptz  NOT NULL DEFAULT now(),
    updated_at        timestamptz  NOT NULL DEFAULT now(),
    updated_by        varchar(255) NOT NULL,
    CONSTRAINT configs_key_format CHECK (key ~ '^[a-zA-Z0-9_.-]{1,255}$'),
    CONSTRAINT configs_value_type CHECK (value_type IN ('string', 'number', 'boolean', 'select', 'json')),
    CONSTRAINT configs_secret_encrypted CHECK (is_secret = (secret_key_id IS NOT NULL)),
    CONSTRAINT configs_namespace_key UNIQUE (namespace_id, key)
);

-- No foreign key to configs or namespaces: the history outlives both.
CREATE TABLE config_history (
    id                 uuid         PRIMARY KEY,
    organization_id    uuid         NOT NULL,
    namespace_id       uuid         NOT NULL,
    namespace_name     varchar(255) NOT NULL,
    config_id          uuid         NOT NULL,
    key                varchar(255) NOT NULL,
    version            bigint       NOT NULL,
    namespace_revision bigint       NOT NULL,
    change_type        varchar(16)  NOT NULL,
    value_type         varchar(16)  NOT NULL,
    -- As in configs (encrypted when secret); null for a delete.
    value              text,
    secret_key_id      varchar(64),
    is_secret          boolean      NOT NULL,
    actor_id           varchar(255) NOT NULL,
    actor_type         varchar(16)  NOT NULL,
    changed_at         timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT config_history_change_type CHECK (change_type IN ('create', 'update', 'delete', 'rollback')),
    -- Versions of a key continue across delete and re-create, so a version names one value.
    CONSTRAINT config_history_key_version UNIQUE (namespace_id, key, version)
);

-- A watcher resuming from a revision reads the changes after it in order.
CREATE INDEX config_history_namespace_revision_idx ON config_history (namespace_id, namespace_revision);
-- A deleted namespace's history is still found by its name.
CREATE INDEX config_history_organization_namespace_name_idx ON config_history (organization_id, namespace_name);
