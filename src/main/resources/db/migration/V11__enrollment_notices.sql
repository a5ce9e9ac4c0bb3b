-- E-mail to users who must enroll (tollgate.enrollment-mail.*): one notice per user while they
-- owe an enrollment. The row is the claim that a replica sends it (several replicas look at the
-- same users: the one whose insert succeeds sends); it goes when the user no longer owes one, so
-- a later requirement is told again.
CREATE TABLE enrollment_notices (
    user_id        BIGINT      PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    grace_ends_at  TIMESTAMPTZ,
    sent_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
