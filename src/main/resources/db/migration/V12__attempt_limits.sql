-- Attempt limits and lock time join the run-time policy settings (administrators change them in
-- the console or the admin API). Null in the existing row: the configured tollgate.regulation.*
-- values stand until an administrator saves the policy.
ALTER TABLE policy_settings ADD COLUMN max_attempts INTEGER CHECK (max_attempts >= 1);
ALTER TABLE policy_settings ADD COLUMN admin_max_attempts INTEGER CHECK (admin_max_attempts >= 1);
ALTER TABLE policy_settings ADD COLUMN lock_seconds BIGINT CHECK (lock_seconds >= 1);
