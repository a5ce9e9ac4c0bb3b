package io.tollgate.gate;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.tollgate.http.HostPattern;
import io.tollgate.portal.ApplicationHosts;

/** The routes' hosts, handed to the portal for its return-address rule. */
@ApplicationScoped
class RouteHosts implements ApplicationHosts {

    private final List<HostPattern> patterns;
    private final List<String> names;

    RouteHosts(GatewayConfig config) {
        this.patterns = config.routes().values().stream()
                .map(route -> HostPattern.parse(route.host()))
                .filter(host -> !host.isAnyHost())
                .toList();
        this.names = config.routes().keySet().stream().sorted().toList();
    }

    @Override
    public List<String> routeNames() {
        return names;
    }

    @Override
    public List<HostPattern> patterns() {
        return patterns;
    }
}
