package io.tollgate.gate;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.tollgate.http.HostPattern;
import io.tollgate.http.PathPrefix;
import io.tollgate.policy.AccessPolicy;

/**
 * One validated route: which requests it takes, what it asks of them, and where they go.
 *
 * @param upstream null on a route that only answers the forward-auth endpoints
 * @param bearerGroups groups of which a bearer token must carry one; empty: any
 */
public record Route(String name, HostPattern host, String pathPrefix, URI upstream, AccessPolicy policy,
        Duration timeout, boolean preserveHost, int poolSize, Duration keepAliveTimeout, boolean acceptBearer,
        List<String> bearerGroups) {

    public Route {
        bearerGroups = List.copyOf(bearerGroups);
    }

    boolean matches(String requestHost, String path, boolean ignoreCase) {
        return host.matches(requestHost) && PathPrefix.covers(pathPrefix, path, ignoreCase);
    }

    public boolean hasUpstream() {
        return upstream != null;
    }

    public boolean upstreamIsTls() {
        return "https".equals(upstream.getScheme());
    }

    public int upstreamPort() {
        if (upstream.getPort() != -1) {
            return upstream.getPort();
        }
        return upstreamIsTls() ? 443 : 80;
    }
}
