-- Users, groups and memberships.
CREATE TABLE users (
    id             BIGSERIAL PRIMARY KEY,
    username       VARCHAR(128) NOT NULL,
    display_name   VARCHAR(256),
    email          VARCHAR(320),
    password_hash  VARCHAR(512),
    admin          BOOLEAN NOT NULL DEFAULT FALSE,
    disabled       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_login_at  TIMESTAMPTZ
);
-- Usernames are unique ignoring case: "Alice" and "alice" are one account.
CREATE UNIQUE INDEX users_username_ci ON users (lower(username));

CREATE TABLE groups (
    id           BIGSERIAL PRIMARY KEY,
    name         VARCHAR(128) NOT NULL,
    description  VARCHAR(512),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX groups_name_ci ON groups (lower(name));

CREATE TABLE memberships (
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    group_id  BIGINT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, group_id)
);
CREATE INDEX memberships_group ON memberships (group_id);
