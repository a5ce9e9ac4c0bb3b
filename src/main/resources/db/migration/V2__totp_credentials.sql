-- TOTP credentials: several per user, the secret encrypted (AES-256-GCM, see io.tollgate.crypto).
CREATE TABLE totp_credentials (
    id            UUID PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          VARCHAR(100) NOT NULL,
    secret        VARCHAR(512) NOT NULL,
    algorithm     VARCHAR(10) NOT NULL,
    digits        SMALLINT NOT NULL,
    period        SMALLINT NOT NULL,
    verified      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at  TIMESTAMPTZ
);
CREATE INDEX totp_credentials_user ON totp_credentials (user_id);
