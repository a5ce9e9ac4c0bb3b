-- The time step of the last code accepted for each authenticator, kept here as well as in Redis:
-- after Redis restarts empty, a code used moments before is still refused as a replay.
ALTER TABLE totp_credentials ADD COLUMN last_used_step BIGINT;
