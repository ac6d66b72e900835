-- Failures per (client address, account), so a person is throttled per address and strangers
-- elsewhere cannot lock them out. Replicas of the previous version still write only
-- 'account' and 'address' rows, which this constraint keeps allowing.
alter table login_failures drop constraint login_failures_kind_check;
alter table login_failures add constraint login_failures_kind_check check (kind in ('account', 'address', 'pair'));
