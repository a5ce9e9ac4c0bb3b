package io.tollgate.gate;

import io.tollgate.http.HostPattern;
import io.tollgate.http.PathPrefix;
import io.tollgate.policy.AccessPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The validated routes, most specific first. Built once at start-up; a bad value stops
 * start-up with a message naming the key.
 */
public final class RouteTable {

    /** Exact host before wildcard before any host; then the longest path prefix. */
    static final Comparator<Route> MOST_SPECIFIC_FIRST = Comparator
            .comparingInt((Route r) -> r.host().specificity()).reversed()
            .thenComparing(Comparator.comparingInt((Route r) -> r.pathPrefix().length()).reversed())
            .thenComparing(Route::name);

    private final List<Route> routes;
    /**
     * The routes of each exact host, and the others (wildcards, any host), each in the order
     * of {@link #routes}: exact hosts come first there and match no other host, so looking up
     * the request's host and then trying the others finds the same route as trying them all,
     * without walking a thousand hosts' routes for each request.
     */
    private final Map<String, List<Route>> byExactHost;
    private final List<Route> otherHosts;

    private RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
        Map<String, List<Route>> exact = new HashMap<>();
        List<Route> others = new ArrayList<>();
        for (Route route : this.routes) {
            if (route.host().isAnyHost() || route.host().isWildcard()) {
                others.add(route);
            } else {
                exact.computeIfAbsent(route.host().pattern(), h -> new ArrayList<>()).add(route);
            }
        }
        exact.replaceAll((h, list) -> List.copyOf(list));
        this.byExactHost = Map.copyOf(exact);
        this.otherHosts = List.copyOf(others);
    }

    public List<Route> routes() {
        return routes;
    }

    /**
     * @param host lower-case host without port
     * @param path normalized request path
     */
    public Optional<Route> match(String host, String path) {
        return Optional.ofNullable(match(host, path, false));
    }

    /** The most specific route for the path, or null; with {@code ignoreCase}, prefixes match in any case. */
    public Route match(String host, String path, boolean ignoreCase) {
        List<Route> sameHost = host == null ? null : byExactHost.get(host);
        if (sameHost != null) {
            for (Route route : sameHost) {
                if (route.matches(host, path, ignoreCase)) {
                    return route;
                }
            }
        }
        for (Route route : otherHosts) {
            if (route.matches(host, path, ignoreCase)) {
                return route;
            }
        }
        return null;
    }

    /** @throws ConfigurationException listing every invalid key */
    public static RouteTable from(Map<String, GatewayConfig.RouteConfig> config) {
        List<String> problems = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        Map<String, String> seen = new TreeMap<>();
        new TreeMap<>(config).forEach((name, rc) -> {
            String key = "tollgate.routes." + name;
            int before = problems.size();
            HostPattern host = parse(problems, key + ".host", rc.host(), HostPattern::parse);
            String prefix = parse(problems, key + ".path-prefix", rc.pathPrefix(), PathPrefix::normalize);
            URI upstream = rc.upstream().isEmpty() ? null
                    : parse(problems, key + ".upstream", rc.upstream().get(), RouteTable::parseUpstream);
            AccessPolicy policy = AccessPolicy.parse(rc.policy()).orElse(null);
            if (policy == null) {
                problems.add(key + ".policy: '" + rc.policy() + "' is not one of " + AccessPolicy.allowedValues());
            }
            Duration timeout = rc.timeout();
            if (timeout.isNegative() || timeout.isZero()) {
                problems.add(key + ".timeout: must be positive, got " + timeout);
            }
            if (rc.keepAliveTimeout().toSeconds() < 1) {
                problems.add(key + ".keep-alive-timeout: must be at least 1s, got " + rc.keepAliveTimeout());
            }
            if (rc.poolSize() < 1 || rc.poolSize() > 10_000) {
                problems.add(key + ".pool-size: must be between 1 and 10000, got " + rc.poolSize());
            }
            if (host != null && prefix != null) {
                // Prefixes differing only in case would take the same requests.
                String other = seen.putIfAbsent(host + prefix.toLowerCase(Locale.ROOT), name);
                if (other != null) {
                    problems.add(key + ": duplicates tollgate.routes." + other + " (both take host '" + host
                            + "' and path prefix '" + prefix + "', in any case)");
                }
            }
            if (problems.size() > before) {
                return;
            }
            List<String> bearerGroups = rc.bearerGroups().orElse(List.of()).stream().map(String::trim)
                    .filter(group -> !group.isEmpty()).toList();
            routes.add(new Route(name, host, prefix, upstream, policy, timeout, rc.preserveHost(), rc.poolSize(),
                    rc.keepAliveTimeout(), rc.acceptBearer(), bearerGroups));
        });
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid Tollgate configuration: " + String.join("; ", problems));
        }
        routes.sort(MOST_SPECIFIC_FIRST);
        return new RouteTable(routes);
    }

    private static URI parseUpstream(String value) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + value + "' is not a URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("'" + value + "' is not an http:// or https:// URL");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("'" + value + "' has no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null
                || (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))) {
            throw new IllegalArgumentException("'" + value
                    + "' must be scheme://host[:port] only (no path, query or credentials)");
        }
        return uri;
    }

    private interface Parser<T> {
        T parse(String value);
    }

    private static <T> T parse(List<String> problems, String key, String value, Parser<T> parser) {
        try {
            return parser.parse(value);
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + e.getMessage());
            return null;
        }
    }
}
