package io.tollgate.proxy;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.tollgate.portal.GatewayProblem;
import io.tollgate.portal.ProblemPages;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The one place that decides each request's fate: portal, or route → policy → action
 * (proxy, 401, 403 or 404). Runs on the event loop for every request the server receives.
 */
@ApplicationScoped
public class GatewayHandler implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(GatewayHandler.class);

    /** Before Quarkus' upload-size limit (-2): proxied bodies are streamed, not limited. */
    static final int ROUTE_ORDER = -10;

    /** Where the portal's own endpoints live inside the application. */
    public static final String PORTAL_INTERNAL_PREFIX = "/.tollgate";

    private static final String PORTAL_REROUTED = "tollgate.portal";

    private final RouteTable routes;
    private final String portalPrefix;
    private final ForwardedHeaders forwardedHeaders;
    private final ProblemPages pages;
    private final ProxyMetrics metrics;
    private final Map<String, UpstreamProxy> proxies = new HashMap<>();
    private final UpstreamClients clients;

    public GatewayHandler(GatewayConfig config, Vertx vertx, ProblemPages pages, ProxyMetrics metrics) {
        this.routes = RouteTable.from(config.routes());
        this.portalPrefix = portalPrefix(config.portal().pathPrefix());
        this.forwardedHeaders = new ForwardedHeaders(config.identityHeaders());
        this.pages = pages;
        this.metrics = metrics;
        this.clients = new UpstreamClients(vertx, routes.routes());
        for (Route route : routes.routes()) {
            proxies.put(route.name(), new UpstreamProxy(vertx, route, clients.forUpstream(route.upstream()), pages));
        }
    }

    void install(@Observes Router router) {
        router.route().order(ROUTE_ORDER).handler(this);
        if (routes.routes().isEmpty()) {
            LOG.warn("No route is configured (tollgate.routes.*): every request outside the portal answers 404");
        }
        for (Route r : routes.routes()) {
            LOG.infof("Route %s: host %s, path %s -> %s (%s)", r.name(), r.host(), r.pathPrefix(), r.upstream(),
                    r.policy().configName());
        }
    }

    void closeClients(@Observes ShutdownEvent event) {
        clients.closeAll();
    }

    @Override
    public void handle(RoutingContext rc) {
        if (Boolean.TRUE.equals(rc.get(PORTAL_REROUTED))) {
            rc.next();
            return;
        }
        long start = System.nanoTime();
        HttpServerRequest request = rc.request();
        RequestTarget target = RequestTarget.screen(request.uri(), request.path(), normalizedPath(rc), request.query());
        switch (target.verdict()) {
            case BAD_REQUEST -> {
                LOG.debugf("Refused request target: %s", target.detail());
                answer(rc, GatewayProblem.BAD_REQUEST, ProxyMetrics.NO_ROUTE, start);
                return;
            }
            case REDIRECT -> {
                rc.response().setStatusCode(308).putHeader("location", target.detail()).putHeader("cache-control", "no-store");
                rc.addEndHandler(done -> metrics.record(ProxyMetrics.NO_ROUTE, 308, start));
                rc.response().end();
                return;
            }
            case ROUTE -> {
            }
        }
        String path = target.matchPath();
        if (PathPrefix.covers(portalPrefix, path)) {
            toPortal(rc, rc.normalizedPath());
            return;
        }
        Optional<Route> match = routes.match(hostOf(request), path);
        if (match.isEmpty()) {
            answer(rc, GatewayProblem.NOT_FOUND, ProxyMetrics.NO_ROUTE, start);
            return;
        }
        Route route = match.get();
        switch (route.policy()) {
            case BYPASS -> proxy(rc, route, start);
            case DENY -> answer(rc, GatewayProblem.FORBIDDEN, route.name(), start);
            // Sign-in arrives with the portal; until then protected routes are closed.
            case ONE_FACTOR, TWO_FACTOR -> answer(rc, GatewayProblem.UNAUTHORIZED, route.name(), start);
        }
    }

    /** Null when the path cannot be decoded (a malformed % escape). */
    private static String normalizedPath(RoutingContext rc) {
        try {
            return rc.normalizedPath();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void proxy(RoutingContext rc, Route route, long start) {
        HttpServerRequest request = rc.request();
        forwardedHeaders.prepare(request);
        rc.addEndHandler(done -> metrics.record(route.name(), rc.response().getStatusCode(), start));
        proxies.get(route.name()).forward(request);
    }

    private void answer(RoutingContext rc, GatewayProblem problem, String routeName, long start) {
        rc.addEndHandler(done -> metrics.record(routeName, problem.status, start));
        pages.send(rc.request(), problem);
    }

    private void toPortal(RoutingContext rc, String path) {
        if (portalPrefix.equals(PORTAL_INTERNAL_PREFIX)) {
            rc.next();
            return;
        }
        String rest = path.substring(portalPrefix.length());
        String query = rc.request().query();
        rc.put(PORTAL_REROUTED, true);
        rc.reroute(PORTAL_INTERNAL_PREFIX + rest + (query == null ? "" : "?" + query));
    }

    private static String hostOf(HttpServerRequest request) {
        HostAndPort authority = request.authority();
        if (authority == null) {
            return "";
        }
        String host = authority.host().toLowerCase(Locale.ROOT);
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    private static String portalPrefix(String configured) {
        String prefix;
        try {
            prefix = PathPrefix.normalize(configured);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Invalid Tollgate configuration: tollgate.portal.path-prefix: "
                    + e.getMessage());
        }
        if (prefix.equals("/")) {
            throw new ConfigurationException("Invalid Tollgate configuration: tollgate.portal.path-prefix: "
                    + "must not be / (the portal would hide every application)");
        }
        return prefix;
    }
}
