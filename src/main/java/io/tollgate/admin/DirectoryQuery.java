package io.tollgate.admin;

import java.util.Optional;

/**
 * What the directory is asked for. Every filter is optional; {@code cursor} is the
 * {@link Page#next()} of the page before, for the same query.
 *
 * @param search part of a username, name or e-mail address, ignoring case
 */
public record DirectoryQuery(Optional<String> search, Optional<EnrollmentState> state, Optional<String> group,
        Optional<Boolean> locked, Optional<Boolean> disabled, Sort sort, boolean descending, Optional<String> cursor,
        int limit) {

    public static final int MAX_LIMIT = 500;

    /** The orders the directory can be read in; ties go by id. */
    public enum Sort {
        USERNAME, CREATED, LAST_SIGN_IN;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        public static Optional<Sort> parse(String label) {
            for (Sort sort : values()) {
                if (sort.label().equalsIgnoreCase(label)) {
                    return Optional.of(sort);
                }
            }
            return Optional.empty();
        }
    }

    /** Everyone, by username. */
    public static DirectoryQuery all(int limit) {
        return new DirectoryQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Sort.USERNAME, false, Optional.empty(), limit);
    }

    public DirectoryQuery after(String next) {
        return new DirectoryQuery(search, state, group, locked, disabled, sort, descending, Optional.of(next), limit);
    }
}
