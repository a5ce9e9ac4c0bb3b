package io.tollgate.gate;

import java.util.List;

/**
 * Who a request is allowed as: what the upstream is told in the identity headers.
 *
 * @param method how the caller proved it: {@code one_factor}, {@code two_factor}, {@code bearer} or {@code authkey}
 * @param impersonator the administrator acting as this user, or null
 */
public record Identity(String user, List<String> groups, String name, String email, String method,
        String impersonator) {

    public static final String ONE_FACTOR = "one_factor";
    public static final String TWO_FACTOR = "two_factor";
    public static final String BEARER = "bearer";
    public static final String AUTHKEY = "authkey";

    public Identity {
        groups = List.copyOf(groups);
    }
}
