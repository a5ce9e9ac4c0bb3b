package io.tollgate.http;

import java.util.Locale;

/**
 * A route's host: exact ({@code wiki.example.com}), a wildcard for subdomains
 * ({@code *.example.com}, which does not match {@code example.com} itself) or {@code *}.
 */
public record HostPattern(String pattern) {

    public static HostPattern parse(String value) {
        String host = value.trim().toLowerCase(Locale.ROOT);
        if (host.isEmpty()) {
            throw new IllegalArgumentException("must not be empty (use * for any host)");
        }
        if (!host.equals("*")) {
            String name = host.startsWith("*.") ? host.substring(2) : host;
            if (!name.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
                throw new IllegalArgumentException("'" + value
                        + "' is not a host name, *.domain or * (no scheme, port or path)");
            }
        }
        return new HostPattern(host);
    }

    public boolean isAnyHost() {
        return pattern.equals("*");
    }

    public boolean isWildcard() {
        return pattern.startsWith("*.");
    }

    /** @param host lower-case host name without port */
    public boolean matches(String host) {
        if (isAnyHost()) {
            return true;
        }
        if (isWildcard()) {
            // "*.example.com" matches what ends with ".example.com" and has something before it.
            int suffixLength = pattern.length() - 1;
            return host.length() > suffixLength
                    && host.regionMatches(host.length() - suffixLength, pattern, 1, suffixLength);
        }
        return pattern.equals(host);
    }

    /** Higher is more specific: exact hosts, then longer wildcards, then any host. */
    public int specificity() {
        if (isAnyHost()) {
            return 0;
        }
        return isWildcard() ? pattern.length() : Integer.MAX_VALUE;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
