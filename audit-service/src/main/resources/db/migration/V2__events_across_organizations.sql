-- The platform admin's system log reads every organization's events newest first
-- (/api/v1/admin/events); the per-organization indexes cannot serve that order.
CREATE INDEX events_all_by_time ON events (occurred_at DESC, id DESC);
