-- An unfinished enrollment belongs to the session that started it, named by the SHA-256 handle
-- of the session id (what the session list shows, which opens nothing): another session of the
-- same user, even one with the password, never sees its secret nor confirms it.
ALTER TABLE totp_credentials ADD COLUMN enrollment_session VARCHAR(64);
-- Unfinished enrollments from before belong to no session: they are simply started again.
DELETE FROM totp_credentials WHERE verified = FALSE;
