-- An organization's storefronts (Etsy, Shopify, ...). Platform credentials are stored sealed
-- (AES-256-GCM, the organization id as associated data) and never leave the service in clear,
-- except to the internal credentials endpoint.
CREATE TABLE shops (
    id                 uuid         PRIMARY KEY,
    organization_id    uuid         NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name               varchar(255) NOT NULL,
    platform           varchar(32)  NOT NULL,
    platform_shop_id   varchar(255),
    shop_config        jsonb        NOT NULL DEFAULT '{}',
    credentials        bytea,
    credentials_key_id varchar(64),
    credential_keys    text[]       NOT NULL DEFAULT '{}',
    token_expires_at   timestamptz,
    is_active          boolean      NOT NULL DEFAULT true,
    sync_requested_at  timestamptz,
    last_sync_at       timestamptz,
    last_sync_status   varchar(16),
    last_sync_error    text,
    created_by         uuid,
    created_by_type    varchar(16),
    version            integer      NOT NULL DEFAULT 1,
    created_at         timestamptz  NOT NULL DEFAULT now(),
    updated_at         timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT shops_platform_format CHECK (platform ~ '^[a-z][a-z0-9_]{1,31}$'),
    CONSTRAINT shops_shop_config_is_object CHECK (jsonb_typeof(shop_config) = 'object'),
    CONSTRAINT shops_credentials_sealed CHECK ((credentials IS NULL) = (credentials_key_id IS NULL)),
    CONSTRAINT shops_last_sync_status CHECK (last_sync_status IN ('succeeded', 'failed')),
    CONSTRAINT shops_last_sync_error_length CHECK (char_length(last_sync_error) <= 1000),
    CONSTRAINT shops_created_by_type CHECK (created_by_type IN ('user', 'api_key'))
);

-- One shop per platform shop id inside an organization; another organization may register the
-- same platform shop (a check across organizations would tell one tenant about another's shops).
CREATE UNIQUE INDEX shops_organization_platform_shop_key ON shops (organization_id, platform, platform_shop_id)
    WHERE platform_shop_id IS NOT NULL;

-- Keyset paging of an organization's shops walks (lower(name), id).
CREATE INDEX shops_organization_name_id_idx ON shops (organization_id, lower(name), id);
