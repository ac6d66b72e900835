CREATE TABLE organizations (
    id          uuid         PRIMARY KEY,
    name        varchar(255) NOT NULL,
    description text,
    settings    jsonb        NOT NULL DEFAULT '{"is_active": true}',
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT organizations_settings_is_object CHECK (jsonb_typeof(settings) = 'object')
);

-- Names are unique regardless of case, so "Acme" and "ACME" cannot both exist.
CREATE UNIQUE INDEX organizations_name_lower_key ON organizations (lower(name));

-- Keyset paging of a caller's organizations walks (name, id).
CREATE INDEX organizations_name_id_idx ON organizations (name, id);
