package io.tollgate.admin;

/**
 * Where a user stands with two-step verification under the current policy, as the directory and
 * the enrollment report show it.
 */
public enum EnrollmentState {
    /** Has a verified authenticator. */
    ENROLLED,
    /** Must enroll and may still skip it until the grace period ends. */
    GRACE,
    /** Must enroll and the grace period is over: asked to at the next sign-in. */
    OVERDUE,
    /** Not required, not enrolled: the password is the whole sign-in. */
    OPTIONAL,
    /** In an exempt group: never asked for a code. */
    EXEMPT;

    /** Required but not enrolled. */
    public boolean owesEnrollment() {
        return this == GRACE || this == OVERDUE;
    }

    /** The value as the API and the CSV exports spell it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static java.util.Optional<EnrollmentState> parse(String label) {
        for (EnrollmentState state : values()) {
            if (state.label().equalsIgnoreCase(label)) {
                return java.util.Optional.of(state);
            }
        }
        return java.util.Optional.empty();
    }
}
