-- When a user last logged in (set in the login's transaction), shown in member lists.
alter table users add column last_login_at timestamptz;

-- Members are listed in the order they joined.
create index memberships_organization_joined_idx on memberships (organization_id, created_at, user_id);

-- Invitations to join an organization. Only the SHA-256 of the token is kept: the token is
-- shown once, to the inviter. Status is derived: accepted, revoked, expired (open and past
-- expires_at) or pending.
create table invitations (
    id uuid primary key,
    organization_id uuid not null,
    email text not null,
    role text not null check (role in ('owner', 'admin', 'member')),
    token_hash text not null unique,
    invited_by uuid not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    accepted_at timestamptz,
    accepted_by uuid,
    revoked_at timestamptz
);
-- One open invitation per address and organization.
create unique index invitations_one_open on invitations (organization_id, lower(email))
    where accepted_at is null and revoked_at is null;
create index invitations_organization_idx on invitations (organization_id, created_at desc, id desc);
