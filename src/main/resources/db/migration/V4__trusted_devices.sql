-- Browsers a user chose to trust: their cookie's token is stored as a SHA-256 hash only.
CREATE TABLE trusted_devices (
    id            BIGSERIAL PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash    CHAR(64) NOT NULL UNIQUE,
    name          VARCHAR(100) NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at  TIMESTAMPTZ,
    expires_at    TIMESTAMPTZ NOT NULL,
    last_ip       VARCHAR(64),
    user_agent    VARCHAR(512)
);
CREATE INDEX trusted_devices_user ON trusted_devices (user_id);

-- Run-time settings for trusted devices (0 seconds turns the feature off).
ALTER TABLE policy_settings ADD COLUMN trusted_device_validity_seconds BIGINT NOT NULL DEFAULT 2592000
    CHECK (trusted_device_validity_seconds >= 0);
ALTER TABLE policy_settings ADD COLUMN max_trusted_devices INTEGER NOT NULL DEFAULT 10 CHECK (max_trusted_devices >= 1);
