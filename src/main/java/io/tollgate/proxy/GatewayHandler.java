package io.tollgate.proxy;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.tollgate.http.HeaderNames;
import io.tollgate.http.LogSafe;
import io.tollgate.http.PathPrefix;
import io.tollgate.policy.AccessPolicy;
import io.tollgate.policy.RequestPolicy;
import io.tollgate.portal.PortalConfig;
import io.tollgate.portal.PortalLinks;
import io.tollgate.session.Session;
import io.tollgate.session.SessionStore;
import io.vertx.core.http.Cookie;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The one place that decides each request's fate: portal, or route → access rules → session
 * → action (proxy with the user's identity, redirect to sign in, 401, 403 or 404). Runs on the
 * event loop for every request the server receives; the only wait is one Redis read for the
 * session on protected routes.
 */
@ApplicationScoped
public class GatewayHandler implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(GatewayHandler.class);

    /** Before Quarkus' upload-size limit (-2): proxied bodies are streamed, not limited. */
    static final int ROUTE_ORDER = -10;

    private static final String PORTAL_REROUTED = "tollgate.portal";

    private final RouteTable routes;
    private final String portalPrefix;
    private final ForwardedHeaders forwardedHeaders;
    private final ProblemPages pages;
    private final ProxyMetrics metrics;
    private final Map<String, UpstreamProxy> proxies = new HashMap<>();
    private final UpstreamClients clients;
    private final UntrustedConnections untrusted = new UntrustedConnections();

    private final RequestPolicy policy;
    private final SessionStore sessions;
    private final PortalLinks links;

    public GatewayHandler(GatewayConfig config, Vertx vertx, ProblemPages pages, ProxyMetrics metrics,
            RequestPolicy policy, SessionStore sessions, PortalLinks links, OpenTunnels tunnels) {
        this.routes = RouteTable.from(config.routes());
        this.portalPrefix = links.prefix();
        this.forwardedHeaders = new ForwardedHeaders(config.identityHeaders());
        this.policy = policy;
        this.sessions = sessions;
        this.links = links;
        this.pages = pages;
        this.metrics = metrics;
        this.clients = new UpstreamClients(vertx, routes.routes());
        for (Route route : routes.routes()) {
            proxies.put(route.name(), new UpstreamProxy(vertx, route, clients.forUpstream(route.upstream()), pages, tunnels));
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
        if (untrusted.arrivedOnMarked(request)) {
            // Read behind a request whose framing could not be trusted: never served.
            LOG.debug("Dropped a request that followed untrusted framing on the same connection");
            untrusted.close(request);
            return;
        }
        RequestFraming.Decision framing = RequestFraming.screen(request.version(), request.headers(),
                UpstreamProxy.isWebSocket(request));
        if (!framing.accepted()) {
            refuseFraming(rc, framing, start);
            return;
        }
        if (framing.hasBody() && request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            // Accepted as chunked in any case or spacing; sent on in the one spelling every reader knows.
            request.headers().set(HttpHeaders.TRANSFER_ENCODING, "chunked");
            closeAfterAnswer(rc);
        }
        RequestTarget target = RequestTarget.screen(request.uri(), request.path(), normalizedPath(rc), request.query());
        switch (target.verdict()) {
            case BAD_REQUEST -> {
                LOG.debugf("Refused request target: %s", target.detail());
                answer(rc, GatewayProblem.BAD_REQUEST, ProxyMetrics.NO_ROUTE, start);
                return;
            }
            case REDIRECT -> {
                rc.response().setStatusCode(308).putHeader(HttpHeaders.LOCATION, target.detail()).putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
                rc.addEndHandler(done -> metrics.record(ProxyMetrics.NO_ROUTE, 308, start));
                rc.response().end();
                return;
            }
            case ROUTE -> {
            }
        }
        if (forPortal(target)) {
            if (PathPrefix.covers(portalPrefix, rc.normalizedPath())) {
                toPortal(rc, rc.normalizedPath());
            } else {
                // Another reading of the portal's prefix (case, dots, full-width letters): the portal's, not an app's.
                answer(rc, GatewayProblem.NOT_FOUND, ProxyMetrics.NO_ROUTE, start);
            }
            return;
        }
        String host = hostOf(request);
        RequestPolicy.Client client = policy.client(request);
        Choice choice = choose(host, target, client.address(), request.method().name());
        if (choice == null) {
            answer(rc, GatewayProblem.NOT_FOUND, ProxyMetrics.NO_ROUTE, start);
            return;
        }
        Route route = choice.route();
        switch (choice.access()) {
            case BYPASS -> proxy(rc, route, null, client, start);
            case DENY -> answer(rc, GatewayProblem.FORBIDDEN, route.name(), start);
            case ONE_FACTOR, TWO_FACTOR -> withSession(rc, route, choice.access(), client, start);
        }
    }

    /** A route and what it asks of this request. */
    private record Choice(Route route, AccessPolicy access) {
    }

    /**
     * The route and policy of the strictest reading of the path, as sent or folded in case:
     * whatever an upstream makes of case, trailing dots or compatibility characters, it cannot
     * serve a protected path under a weaker policy. Ties go to the reading as sent.
     */
    private Choice choose(String host, RequestTarget target, String address, String method) {
        Choice best = null;
        for (String reading : target.readings()) {
            for (boolean ignoreCase : EXACT_THEN_FOLDED) {
                Route route = routes.match(host, reading, ignoreCase);
                if (route == null) {
                    continue;
                }
                AccessPolicy access = policy.decide(route.policy(), address, host, reading, method, ignoreCase);
                if (best == null || access.compareTo(best.access()) > 0) {
                    best = new Choice(route, access);
                }
            }
        }
        return best;
    }

    private static final boolean[] EXACT_THEN_FOLDED = { false, true };

    /** Any reading of the path under the portal prefix, in any case, is the portal's: never proxied. */
    private boolean forPortal(RequestTarget target) {
        for (String reading : target.readings()) {
            if (PathPrefix.covers(portalPrefix, reading, true)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The connection serves nothing after this request's answer: a request already read behind
     * it is dropped, and the connection is closed once the answer is out. For refused framing,
     * and for every chunked request, which may also have carried a Content-Length the server's
     * parser drops before any handler sees it (RFC 9112 §6.3): a proxy in front may have framed
     * it by that length instead (RFC 9112 §6.1: the server MUST close after responding).
     */
    private void closeAfterAnswer(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (untrusted.mark(request)) {
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
            rc.addEndHandler(done -> untrusted.close(request));
        }
    }

    /**
     * A body of unknown length: whatever follows it on the connection cannot be trusted to be
     * the next request, so the answer closes the connection (RFC 9112 §6.3).
     */
    private void refuseFraming(RoutingContext rc, RequestFraming.Decision framing, long start) {
        LOG.debugf("Refused request framing: %s", framing.reason());
        GatewayProblem problem = framing.verdict() == RequestFraming.Verdict.NOT_IMPLEMENTED
                ? GatewayProblem.NOT_IMPLEMENTED : GatewayProblem.BAD_FRAMING;
        closeAfterAnswer(rc);
        answer(rc, problem, ProxyMetrics.NO_ROUTE, start);
    }

    /** Protected: proxied with the user's identity when the session has what the policy asks, else sign-in. */
    private void withSession(RoutingContext rc, Route route, AccessPolicy access, RequestPolicy.Client client,
            long start) {
        HttpServerRequest request = rc.request();
        request.pause();
        Cookie cookie = request.getCookie(sessions.cookieName());
        sessions.find(cookie == null ? null : cookie.getValue()).subscribe().with(found -> {
            boolean enough = found.isPresent() && (access == AccessPolicy.ONE_FACTOR ? found.get().satisfiesOneFactor()
                    : found.get().satisfiesTwoFactor());
            if (enough) {
                proxy(rc, route, found.get(), client, start);
            } else {
                signIn(rc, route, client, start);
            }
        }, failure -> {
            LOG.warnf("Session store unavailable for %s: %s", route.name(), LogSafe.of(failure.getMessage()));
            request.resume();
            rc.response().putHeader(HttpHeaders.RETRY_AFTER, "5");
            answer(rc, GatewayProblem.SERVICE_UNAVAILABLE, route.name(), start);
        });
    }

    /** Browsers go to the portal and come back to this address; API clients get 401 with where to sign in. */
    private void signIn(RoutingContext rc, Route route, RequestPolicy.Client client, long start) {
        HttpServerRequest request = rc.request();
        request.resume();
        // The same external origin the portal checks return addresses and forms against.
        String returnTo = client.origin() + request.uri();
        String login = links.signIn(client.scheme(), returnTo);
        if (ProblemPages.wantsJson(request.getHeader(HttpHeaders.ACCEPT))) {
            rc.response().putHeader(HeaderNames.WWW_AUTHENTICATE, "Tollgate realm=\"" + route.host() + "\"");
            rc.addEndHandler(done -> metrics.record(route.name(), 401, start));
            pages.send(request, GatewayProblem.UNAUTHORIZED, login);
            return;
        }
        rc.addEndHandler(done -> metrics.record(route.name(), 302, start));
        rc.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, login).putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end();
    }

    /** Null when the path cannot be decoded (a malformed % escape). */
    private static String normalizedPath(RoutingContext rc) {
        try {
            return rc.normalizedPath();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void proxy(RoutingContext rc, Route route, Session session, RequestPolicy.Client client, long start) {
        HttpServerRequest request = rc.request();
        forwardedHeaders.prepare(request, client);
        if (session != null) {
            forwardedHeaders.identify(request, session);
        }
        rc.addEndHandler(done -> metrics.record(route.name(), rc.response().getStatusCode(), start));
        // A tunnel is tied to its session, so that the session's end closes it; hashed only for upgrades.
        String sessionKey = session != null && UpstreamProxy.isWebSocket(request) ? SessionStore.handle(session.id())
                : null;
        proxies.get(route.name()).forward(request, sessionKey);
    }

    private void answer(RoutingContext rc, GatewayProblem problem, String routeName, long start) {
        rc.addEndHandler(done -> metrics.record(routeName, problem.status, start));
        pages.send(rc.request(), problem);
    }

    private void toPortal(RoutingContext rc, String path) {
        if (portalPrefix.equals(PortalConfig.INTERNAL_PREFIX)) {
            rc.next();
            return;
        }
        String rest = path.substring(portalPrefix.length());
        String query = rc.request().query();
        rc.put(PORTAL_REROUTED, true);
        rc.reroute(PortalConfig.INTERNAL_PREFIX + rest + (query == null ? "" : "?" + query));
    }

    private static String hostOf(HttpServerRequest request) {
        HostAndPort authority = request.authority();
        if (authority == null) {
            return "";
        }
        String host = authority.host().toLowerCase(Locale.ROOT);
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }
}
