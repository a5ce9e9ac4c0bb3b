-- AuthKeys: API keys for scripts and services, per user (service accounts are users that never
-- sign in interactively). Only the SHA-256 of a key's secret is kept: the key itself is shown once.
ALTER TABLE users ADD COLUMN service_account BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE auth_keys (
    id           VARCHAR(16)  PRIMARY KEY,
    user_id      BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         VARCHAR(100) NOT NULL,
    secret_hash  VARCHAR(64)  NOT NULL,
    -- Comma-separated route names the key opens; NULL: every route.
    routes       VARCHAR(2000),
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    expires_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX auth_keys_user ON auth_keys (user_id);
