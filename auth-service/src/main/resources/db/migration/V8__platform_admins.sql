-- Platform administration: who may use /api/v1/admin/**, and suspended accounts (refused at
-- login, refresh and switch). Additive, so replicas of the previous version keep working.
alter table users add column is_platform_admin boolean not null default false;
alter table users add column suspended_at timestamptz;
-- The admin users view lists everyone ordered by (lower(email), id).
create index users_email_order_idx on users (lower(email), id);
