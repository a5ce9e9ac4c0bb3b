package io.tollgate.caller;

import java.util.List;

/**
 * A non-interactive caller whose credential verified.
 *
 * @param method {@code bearer} or {@code authkey}
 */
public record Caller(String user, List<String> groups, String name, String email, String method) {

    public Caller {
        groups = List.copyOf(groups);
    }

    /** Whether the caller is in one of {@code required}; an empty list requires nothing. */
    public boolean inAnyOf(List<String> required) {
        return required.isEmpty() || required.stream().anyMatch(groups::contains);
    }
}
