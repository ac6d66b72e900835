-- auth-service's own copy of what it needs to know of organizations, kept from tenant-service's
-- organization.* events, so login, refresh, switch and API-key exchange never call tenant-service.
-- An organization without a row here is treated as active (see docs/decisions.md).
create table organization_status (
    organization_id uuid primary key,
    name text,
    active boolean not null,
    deleted boolean not null default false,
    -- tenant-service's version of the organization; null for a row seeded at registration,
    -- which any event replaces. An event with a version not above this one changes nothing.
    version bigint,
    last_event_at timestamptz,
    updated_at timestamptz not null default now()
);
