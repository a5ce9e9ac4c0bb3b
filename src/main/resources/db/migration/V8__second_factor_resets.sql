-- A reset of a user's two-step verification made in SQL (their confirmed TOTP credentials or
-- their recovery codes deleted, see docs/operations.md) ends their open sessions on every
-- replica, like the account changes of V7: the reset counts up second_factor_resets, which
-- sessions copy at sign-in, and the change is recorded in account_changes; the watch then ends
-- the sessions signed in before it (io.tollgate.session.AccountChangeWatch). Sessions signed in
-- after it already carry the new count and stay.
ALTER TABLE users ADD COLUMN second_factor_resets INTEGER NOT NULL DEFAULT 0;

-- Tollgate's own removals (an authenticator deleted or replaced by its user, a new set of
-- recovery codes, two-step verification turned off by its user) are no reset: the application
-- marks their transaction with set_config('tollgate.own_change', 'on', true).
CREATE FUNCTION tollgate_second_factor_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('tollgate.own_change', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'totp_credentials' THEN
        -- An unfinished enrollment gave no code yet: removing one resets nothing.
        UPDATE users SET second_factor_resets = second_factor_resets + 1
         WHERE id IN (SELECT user_id FROM removed WHERE verified);
    ELSE
        UPDATE users SET second_factor_resets = second_factor_resets + 1
         WHERE id IN (SELECT user_id FROM removed);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER totp_credentials_removed AFTER DELETE ON totp_credentials
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION tollgate_second_factor_removed();
CREATE TRIGGER recovery_codes_removed AFTER DELETE ON recovery_codes
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION tollgate_second_factor_removed();

-- As in V7, with the reset count among what a session depends on.
CREATE OR REPLACE FUNCTION tollgate_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO account_changes (username) VALUES (OLD.username);
        RETURN OLD;
    END IF;
    -- Sign-ins update users too (last login): only what a session copies or depends on counts.
    IF NEW.disabled IS DISTINCT FROM OLD.disabled OR NEW.admin IS DISTINCT FROM OLD.admin
            OR NEW.username IS DISTINCT FROM OLD.username OR NEW.display_name IS DISTINCT FROM OLD.display_name
            OR NEW.email IS DISTINCT FROM OLD.email
            OR NEW.second_factor_resets IS DISTINCT FROM OLD.second_factor_resets THEN
        INSERT INTO account_changes (username) VALUES (OLD.username);
        IF lower(NEW.username) <> lower(OLD.username) THEN
            INSERT INTO account_changes (username) VALUES (NEW.username);
        END IF;
    END IF;
    RETURN NEW;
END
$$;
