package io.tollgate.admin;

import java.time.Instant;
import java.util.List;

/**
 * One user as the directory lists them: who, their groups, and where they stand with two-step
 * verification — never a secret.
 *
 * @param graceEndsAt when a user in {@link EnrollmentState#GRACE} must have enrolled; null when not in
 *        it, or while it has not started (it starts at their first sign-in, or with the enrollment mail)
 * @param required whether the policy requires them to use two-step verification
 */
public record DirectoryEntry(long id, String username, String displayName, String email, List<String> groups,
        boolean admin, boolean disabled, boolean serviceAccount, int credentials, boolean required,
        EnrollmentState state, Instant graceEndsAt, boolean locked, Instant lastSignInAt, Instant createdAt) {

    public DirectoryEntry {
        groups = List.copyOf(groups);
    }
}
