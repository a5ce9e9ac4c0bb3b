-- Changes that must reach open sessions on every replica within seconds: a user disabled,
-- removed, renamed, made or unmade administrator, a new name or email, a group joined or left,
-- a group renamed. Triggers write them, so SQL run by an administrator and future admin code
-- are seen alike; every replica polls this table (io.tollgate.session.AccountChangeWatch).
CREATE TABLE account_changes (
    id          BIGSERIAL PRIMARY KEY,
    username    VARCHAR(128) NOT NULL,
    -- The time of the change itself, not of the transaction's start.
    changed_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX account_changes_time ON account_changes (changed_at);

CREATE FUNCTION tollgate_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO account_changes (username) VALUES (OLD.username);
        RETURN OLD;
    END IF;
    -- Sign-ins update users too (last login): only what a session copies or depends on counts.
    IF NEW.disabled IS DISTINCT FROM OLD.disabled OR NEW.admin IS DISTINCT FROM OLD.admin
            OR NEW.username IS DISTINCT FROM OLD.username OR NEW.display_name IS DISTINCT FROM OLD.display_name
            OR NEW.email IS DISTINCT FROM OLD.email THEN
        INSERT INTO account_changes (username) VALUES (OLD.username);
        IF lower(NEW.username) <> lower(OLD.username) THEN
            INSERT INTO account_changes (username) VALUES (NEW.username);
        END IF;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER users_changed AFTER UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION tollgate_user_changed();

CREATE FUNCTION tollgate_membership_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO account_changes (username) SELECT username FROM users WHERE id = OLD.user_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO account_changes (username) SELECT username FROM users WHERE id = NEW.user_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER memberships_changed AFTER INSERT OR UPDATE OR DELETE ON memberships
    FOR EACH ROW EXECUTE FUNCTION tollgate_membership_changed();

CREATE FUNCTION tollgate_group_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.name IS DISTINCT FROM OLD.name THEN
        INSERT INTO account_changes (username)
            SELECT u.username FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.group_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER groups_renamed AFTER UPDATE ON groups
    FOR EACH ROW EXECUTE FUNCTION tollgate_group_renamed();
