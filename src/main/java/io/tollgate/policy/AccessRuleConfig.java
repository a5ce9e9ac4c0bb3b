package io.tollgate.policy;

import java.util.List;
import java.util.Optional;

/**
 * One entry of {@code tollgate.access-rules}. A condition left out matches every request;
 * a rule without conditions catches all requests that reach it.
 */
public interface AccessRuleConfig {

    /** Client networks in CIDR notation, or single addresses. */
    Optional<List<String>> networks();

    /** Exact hosts, {@code *.domain} or {@code *}. */
    Optional<List<String>> hosts();

    /** A regular expression that must match the whole request path. */
    Optional<String> path();

    /** HTTP methods, in any case. */
    Optional<List<String>> methods();

    /** One of {@code bypass}, {@code one_factor}, {@code two_factor}, {@code deny}. */
    String action();
}
