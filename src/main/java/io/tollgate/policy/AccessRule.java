package io.tollgate.policy;

import io.tollgate.http.HostPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** One validated access rule. An empty list or a null path means the condition is absent. */
public final class AccessRule {

    private final int index;
    private final List<Cidr> networks;
    private final List<HostPattern> hosts;
    private final Pattern path;
    /** The same expression without case, for the case-folded reading of a path. */
    private final Pattern pathIgnoringCase;
    /** What a path must start with to be worth running the expression on. */
    private final RequiredPrefix pathPrefix;
    private final List<String> methods;
    private final AccessPolicy action;
    private final String description;

    AccessRule(int index, List<Cidr> networks, List<HostPattern> hosts, Pattern path, List<String> methods,
            AccessPolicy action) {
        this.index = index;
        this.networks = List.copyOf(networks);
        this.hosts = List.copyOf(hosts);
        this.path = path;
        this.pathIgnoringCase = path == null ? null
                : Pattern.compile(path.pattern(), path.flags() | Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        this.pathPrefix = path == null ? null : RequiredPrefix.of(path);
        this.methods = List.copyOf(methods);
        this.action = action;
        this.description = describe(index, networks, hosts, path, methods, action);
    }

    /** The position in {@code tollgate.access-rules}, from 0. */
    public int index() {
        return index;
    }

    public AccessPolicy action() {
        return action;
    }

    /**
     * @param clientAddress canonical bytes, or null when the client address is not a literal
     *        (then no rule with networks matches)
     * @param host lower-case host without port
     * @param method upper-case method
     */
    boolean matches(byte[] clientAddress, String host, String path, String method, boolean ignoreCase) {
        return matchesNetwork(clientAddress) && matchesHost(host)
                && (this.path == null || pathPrefix.admits(path, ignoreCase)
                        && (ignoreCase ? pathIgnoringCase : this.path).matcher(path).matches())
                && (methods.isEmpty() || methods.contains(method));
    }

    /** A plain loop: asked for every rule of every reading of every request, it must not allocate. */
    private boolean matchesHost(String host) {
        if (hosts.isEmpty()) {
            return true;
        }
        for (HostPattern pattern : hosts) {
            if (pattern.matches(host)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesNetwork(byte[] clientAddress) {
        if (networks.isEmpty()) {
            return true;
        }
        if (clientAddress == null) {
            return false;
        }
        for (Cidr network : networks) {
            if (network.contains(clientAddress)) {
                return true;
            }
        }
        return false;
    }

    /** For debug logs, as in {@code rule 2 (networks 10.0.0.0/8; methods POST) -> deny}. */
    @Override
    public String toString() {
        return description;
    }

    private static String describe(int index, List<Cidr> networks, List<HostPattern> hosts, Pattern path,
            List<String> methods, AccessPolicy action) {
        List<String> conditions = new ArrayList<>();
        if (!networks.isEmpty()) {
            conditions.add("networks " + join(networks));
        }
        if (!hosts.isEmpty()) {
            conditions.add("hosts " + join(hosts));
        }
        if (path != null) {
            conditions.add("path " + path.pattern());
        }
        if (!methods.isEmpty()) {
            conditions.add("methods " + join(methods));
        }
        String when = conditions.isEmpty() ? "any request" : String.join("; ", conditions);
        return "rule " + index + " (" + when + ") -> " + action.configName();
    }

    private static String join(Iterable<?> values) {
        List<String> texts = new ArrayList<>();
        values.forEach(v -> texts.add(v.toString()));
        return String.join(", ", texts);
    }
}
