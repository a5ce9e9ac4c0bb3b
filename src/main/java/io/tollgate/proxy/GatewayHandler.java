package io.tollgate.proxy;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.tollgate.gate.Gate;
import io.tollgate.gate.GatewayConfig;
import io.tollgate.gate.RequestFacts;
import io.tollgate.gate.Route;
import io.tollgate.gate.Verdict;
import io.tollgate.http.CookieHeader;
import io.tollgate.http.HeaderNames;
import io.tollgate.policy.RequestPolicy;
import io.tollgate.portal.PortalConfig;
import io.tollgate.session.Session;
import io.tollgate.session.SessionStore;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Proxy mode: every request the server receives comes here. Framing is screened first (it is
 * the connection's, not the request's); then the {@link Gate} decides on the request's own
 * facts, and this handler carries the verdict out: proxy with the user's identity, redirect
 * to sign in, the portal, a forward-auth answer, or the gateway's own error page.
 */
@ApplicationScoped
public class GatewayHandler implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(GatewayHandler.class);

    /**
     * Before Quarkus' own handlers: CORS (-300), authentication (-200) with the REST
     * observability hook behind it, authorization (-100) and the upload-size limit (-2).
     * Proxied requests need none of them (their bodies are streamed, not limited; the gate
     * decides), and in profiles they cost about a tenth of a proxied request, a request
     * mapper built per request included. Portal requests go on through all of them.
     */
    static final int ROUTE_ORDER = -1_000;

    private static final String PORTAL_REROUTED = "tollgate.portal";

    private final Gate gate;
    private final ForwardAuth forwardAuth;
    private final String portalPrefix;
    private final ForwardedHeaders forwardedHeaders;
    private final ProblemPages pages;
    private final ProxyMetrics metrics;
    private final Map<String, UpstreamProxy> proxies = new HashMap<>();
    private final UpstreamClients clients;
    private final UntrustedConnections untrusted = new UntrustedConnections();
    private final RequestPolicy policy;

    public GatewayHandler(GatewayConfig config, Vertx vertx, Gate gate, ForwardAuth forwardAuth, ProblemPages pages,
            ProxyMetrics metrics, RequestPolicy policy, PortalConfig portal, OpenTunnels tunnels) {
        this.gate = gate;
        this.forwardAuth = forwardAuth;
        this.portalPrefix = forwardAuth.portalPrefix();
        this.forwardedHeaders = new ForwardedHeaders(config.identityHeaders());
        this.policy = policy;
        this.pages = pages;
        this.metrics = metrics;
        this.clients = new UpstreamClients(vertx, gate.routes());
        for (Route route : gate.routes()) {
            if (route.hasUpstream()) {
                proxies.put(route.name(),
                        new UpstreamProxy(vertx, route, clients.forUpstream(route.upstream()), pages, tunnels));
            }
        }
    }

    void install(@Observes Router router) {
        router.route().order(ROUTE_ORDER).handler(this);
        if (gate.routes().isEmpty()) {
            LOG.warn("No route is configured (tollgate.routes.*): every request outside the portal answers 404");
        }
        for (Route r : gate.routes()) {
            LOG.infof("Route %s: host %s, path %s -> %s (%s)", r.name(), r.host(), r.pathPrefix(),
                    r.hasUpstream() ? r.upstream() : "forward-auth only", r.policy().configName());
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
        if (forwardAuth.takes(request.path())) {
            forwardAuth.handle(rc, start);
            return;
        }
        RequestPolicy.Client client = policy.client(request);
        RequestFacts screened = new RequestFacts(request.method().name(), client.scheme(), client.host(),
                hostOf(request), request.uri(), client.address(), null, null, null, false);
        Verdict verdict = gate.screen(screened);
        if (verdict instanceof Verdict.Lookup lookup) {
            RequestFacts facts = withCredentials(screened, request);
            Verdict known = gate.completeNow(facts, lookup);
            if (known != null) {
                act(rc, known, facts, client, start);
                return;
            }
            // The body waits while the session is read; every answer resumes it.
            request.pause();
            gate.complete(facts, lookup).subscribe().with(decided -> act(rc, decided, facts, client, start),
                    failure -> {
                        // Nothing may hang or pass: a decision that failed is a store that did not answer.
                        LOG.warnf("Decision failed for %s: %s", lookup.route().name(),
                                io.tollgate.http.LogSafe.of(failure.getMessage()));
                        act(rc, new Verdict.Refuse(lookup.route(), Verdict.Refusal.UNAVAILABLE, "decision failed"),
                                facts, client, start);
                    });
            return;
        }
        act(rc, verdict, screened, client, start);
    }

    /** The caller's part of the facts, read only when the decision needs a session or a caller. */
    private RequestFacts withCredentials(RequestFacts screened, HttpServerRequest request) {
        MultiMap headers = request.headers();
        String sessionId = CookieHeader.valueOf(headers, gate.sessionCookieName());
        return screened.withCredentials(sessionId,
                headers.get(HttpHeaders.AUTHORIZATION), headers.get(HeaderNames.X_AUTH_KEY),
                RequestFacts.isApiClient(headers.get(HttpHeaders.ACCEPT), headers.get(HeaderNames.X_REQUESTED_WITH)));
    }

    /** Carries out the gate's verdict: the one place proxy mode turns a decision into an answer. */
    private void act(RoutingContext rc, Verdict verdict, RequestFacts facts, RequestPolicy.Client client, long start) {
        if (verdict instanceof Verdict.Allow allow) {
            if (allow.route().hasUpstream()) {
                proxy(rc, allow, client, start);
            } else {
                // A route for the forward-auth endpoints only: another proxy serves it.
                rc.request().resume();
                answer(rc, GatewayProblem.NOT_FOUND, allow.route().name(), start);
            }
        } else if (verdict instanceof Verdict.SignIn signIn) {
            signIn(rc, signIn, facts, start);
        } else if (verdict instanceof Verdict.Refuse refuse) {
            rc.request().resume();
            String routeName = refuse.route() == null ? ProxyMetrics.NO_ROUTE : refuse.route().name();
            LOG.debugf("Refused (%s): %s", routeName, refuse.detail());
            Answers.decorate(rc.response(), refuse.refusal());
            answer(rc, Answers.problem(refuse.refusal()), routeName, start);
        } else if (verdict instanceof Verdict.Portal portal) {
            toPortal(rc, portal.path(), start);
        } else if (verdict instanceof Verdict.Normalize normalize) {
            rc.response().setStatusCode(308).putHeader(HttpHeaders.LOCATION, normalize.location())
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            rc.addEndHandler(done -> metrics.record(ProxyMetrics.NO_ROUTE, 308, start));
            rc.response().end();
        } else {
            throw new IllegalStateException("Unfinished decision: " + verdict);
        }
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

    /** Browsers go to the portal and come back to this address; API clients get 401 with where to sign in. */
    private void signIn(RoutingContext rc, Verdict.SignIn signIn, RequestFacts facts, long start) {
        HttpServerRequest request = rc.request();
        request.resume();
        Route route = signIn.route();
        if (facts.apiClient()) {
            rc.response().putHeader(HeaderNames.WWW_AUTHENTICATE, Answers.signInChallenge(route));
            rc.addEndHandler(done -> metrics.record(route.name(), 401, start));
            pages.send(request, GatewayProblem.UNAUTHORIZED, signIn.location());
            return;
        }
        int status = Answers.signInStatus(facts.method());
        rc.addEndHandler(done -> metrics.record(route.name(), status, start));
        rc.response().setStatusCode(status).putHeader(HttpHeaders.LOCATION, signIn.location())
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end();
    }

    private void proxy(RoutingContext rc, Verdict.Allow allow, RequestPolicy.Client client, long start) {
        HttpServerRequest request = rc.request();
        Route route = allow.route();
        forwardedHeaders.prepare(request, client);
        if (allow.identity() != null) {
            forwardedHeaders.identify(request.headers(), allow.identity());
        }
        rc.addEndHandler(done -> metrics.record(route.name(), rc.response().getStatusCode(), start));
        // A tunnel is tied to its session, so that the session's end closes it; hashed only for upgrades.
        Session session = allow.session();
        String sessionKey = session != null && UpstreamProxy.isWebSocket(request) ? SessionStore.handle(session.id())
                : null;
        proxies.get(route.name()).forward(request, sessionKey);
    }

    private void answer(RoutingContext rc, GatewayProblem problem, String routeName, long start) {
        rc.addEndHandler(done -> metrics.record(routeName, problem.status, start));
        pages.send(rc.request(), problem);
    }

    private void toPortal(RoutingContext rc, String path, long start) {
        HttpServerRequest request = rc.request();
        String portalPath = path.substring(portalPrefix.length());
        if (!PortalForms.isScreened(request, portalPath)) {
            enterPortal(rc, path);
            return;
        }
        GatewayProblem refused = PortalForms.screenHead(request, portalPath);
        if (refused != null) {
            closeAfterAnswer(rc);
            answer(rc, refused, ProxyMetrics.NO_ROUTE, start);
            return;
        }
        if (!PortalForms.isForm(request)) {
            enterPortal(rc, path);
            return;
        }
        GatewayProblem charset = PortalForms.screenCharset(request);
        if (charset != null) {
            closeAfterAnswer(rc);
            answer(rc, charset, ProxyMetrics.NO_ROUTE, start);
            return;
        }
        readForm(rc, path, PortalForms.limit(portalPath), start);
    }

    /**
     * Reads a form body here, counting it as it arrives (an HTTP/2 body has no length to check
     * first), checks it, and hands it to the portal's parser as the request's body.
     */
    private void readForm(RoutingContext rc, String path, long limit, long start) {
        HttpServerRequest request = rc.request();
        Buffer body = Buffer.buffer();
        boolean[] refused = { false };
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                refused[0] = true;
                closeAfterAnswer(rc);
                answer(rc, GatewayProblem.FORM_TOO_LARGE, ProxyMetrics.NO_ROUTE, start);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(failure -> {
            if (!refused[0]) {
                refused[0] = true;
                LOG.debugf("A portal form was not read: %s", io.tollgate.http.LogSafe.of(String.valueOf(failure)));
                rc.response().reset();
            }
        });
        request.endHandler(end -> {
            if (refused[0]) {
                return;
            }
            GatewayProblem malformed = PortalForms.screenBody(body);
            if (malformed != null) {
                answer(rc, malformed, ProxyMetrics.NO_ROUTE, start);
            } else {
                ((io.vertx.ext.web.impl.RoutingContextInternal) rc).setBody(body);
                enterPortal(rc, path);
            }
        });
        if (request.version() != io.vertx.core.http.HttpVersion.HTTP_1_0
                && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            // The portal's parser would have asked for the body; here it is asked for once, and only here.
            request.headers().remove(HttpHeaders.EXPECT);
            rc.response().writeContinue();
        }
        // The router may hold the request paused until a handler reads it.
        request.resume();
    }

    private void enterPortal(RoutingContext rc, String path) {
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
