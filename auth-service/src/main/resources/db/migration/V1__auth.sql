-- Users are global (one login across organizations); role and is_active live on the
-- membership so an owner of one organization cannot lock a user out of another.
create table users (
    id uuid primary key,
    email text not null,
    password_hash text not null,
    full_name text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));

create table memberships (
    user_id uuid not null references users (id) on delete cascade,
    organization_id uuid not null,
    role text not null check (role in ('owner', 'admin', 'member')),
    is_active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (user_id, organization_id)
);
create index memberships_organization_idx on memberships (organization_id, user_id);

create table refresh_tokens (
    id uuid primary key,
    token_hash text not null unique,
    family_id uuid not null,
    user_id uuid not null references users (id) on delete cascade,
    organization_id uuid not null,
    status text not null check (status in ('active', 'rotated', 'revoked')),
    expires_at timestamptz not null,
    created_at timestamptz not null default now()
);
create index refresh_tokens_family_idx on refresh_tokens (family_id);

create table api_keys (
    id uuid primary key,
    organization_id uuid not null,
    created_by uuid not null,
    name text not null,
    prefix text not null,
    key_hash text not null unique,
    scopes text not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz,
    last_used_at timestamptz,
    revoked_at timestamptz
);
create index api_keys_organization_idx on api_keys (organization_id, id);

-- Failed logins, counted here so every replica throttles the same way.
create table login_failures (
    id bigserial primary key,
    kind text not null check (kind in ('account', 'address')),
    subject text not null,
    failed_at timestamptz not null default now()
);
create index login_failures_subject_idx on login_failures (kind, subject, failed_at desc);

-- JWT signing keys shared by all replicas; the private key is AES-GCM encrypted.
create table signing_keys (
    kid text primary key,
    public_key text not null,
    private_key text not null,
    status text not null check (status in ('active', 'retired')),
    created_at timestamptz not null default now(),
    retired_at timestamptz
);
-- At most one active key, whatever number of replicas start or rotate at once.
create unique index signing_keys_one_active on signing_keys ((status)) where status = 'active';
