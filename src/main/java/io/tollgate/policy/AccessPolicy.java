package io.tollgate.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a route requires of a request. */
public enum AccessPolicy {
    BYPASS,
    ONE_FACTOR,
    TWO_FACTOR,
    DENY;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AccessPolicy> parse(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(p -> p.configName().equals(wanted)).findFirst();
    }

    public static String allowedValues() {
        return Arrays.stream(values()).map(AccessPolicy::configName).collect(Collectors.joining(" | "));
    }
}
