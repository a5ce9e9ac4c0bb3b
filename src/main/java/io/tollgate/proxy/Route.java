package io.tollgate.proxy;

import io.tollgate.http.HostPattern;
import io.tollgate.http.PathPrefix;
import io.tollgate.policy.AccessPolicy;
import java.net.URI;
import java.time.Duration;

/** One validated route: which requests it takes and where they go. */
public record Route(String name, HostPattern host, String pathPrefix, URI upstream, AccessPolicy policy,
        Duration timeout, boolean preserveHost, int poolSize, Duration keepAliveTimeout) {

    boolean matches(String requestHost, String path, boolean ignoreCase) {
        return host.matches(requestHost) && PathPrefix.covers(pathPrefix, path, ignoreCase);
    }

    boolean upstreamIsTls() {
        return "https".equals(upstream.getScheme());
    }

    int upstreamPort() {
        if (upstream.getPort() != -1) {
            return upstream.getPort();
        }
        return upstreamIsTls() ? 443 : 80;
    }
}
