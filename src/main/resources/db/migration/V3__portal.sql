-- Who must use TOTP, changeable at run time: one row, seeded from configuration at first start.
CREATE TABLE policy_settings (
    id                        SMALLINT PRIMARY KEY CHECK (id = 1),
    required_groups           VARCHAR(4000) NOT NULL DEFAULT '',
    exempt_groups             VARCHAR(4000) NOT NULL DEFAULT '',
    admins_required           BOOLEAN NOT NULL,
    grace_days                INTEGER NOT NULL CHECK (grace_days >= 0),
    credential_lifetime_days  INTEGER NOT NULL CHECK (credential_lifetime_days >= 0),
    recovery_codes_enabled    BOOLEAN NOT NULL,
    updated_at                TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- When a user who must use TOTP was first seen without a credential: the grace period runs from here.
ALTER TABLE users ADD COLUMN totp_grace_started_at TIMESTAMPTZ;

-- Recovery codes: one-way hashes (Argon2id, one salt per set), each usable once.
CREATE TABLE recovery_codes (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash   VARCHAR(256) NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    used_at     TIMESTAMPTZ
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- Security events. Details never hold a secret.
CREATE TABLE audit_event (
    id           BIGSERIAL PRIMARY KEY,
    occurred_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    username     VARCHAR(128),
    client_ip    VARCHAR(64),
    user_agent   VARCHAR(512),
    type         VARCHAR(40) NOT NULL,
    outcome      VARCHAR(20) NOT NULL,
    details      VARCHAR(1000)
);
CREATE INDEX audit_event_time ON audit_event (occurred_at);
CREATE INDEX audit_event_user ON audit_event (lower(username), occurred_at);
