package io.tollgate.proxy;

import io.tollgate.gate.Route;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.tollgate.http.LogSafe;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.core.http.impl.HttpUtils;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.SocketAddress;

/**
 * Forwards requests of one route to its upstream over keep-alive connection pools, one per
 * event loop: each request is an {@link Exchange}, whose bodies stream both ways with
 * back-pressure; WebSocket upgrades tunnel ({@link WebSocketTunnel}).
 */
final class UpstreamProxy {

    private static final Logger LOG = Logger.getLogger(UpstreamProxy.class);

    private final Vertx vertx;
    private final Route route;
    private final UpstreamClients.Pair clients;
    private final SocketAddress server;
    private final ProblemPages pages;
    private final OpenTunnels tunnels;
    private final long timeoutMillis;

    UpstreamProxy(Vertx vertx, Route route, UpstreamClients.Pair clients, ProblemPages pages, OpenTunnels tunnels) {
        this.vertx = vertx;
        this.route = route;
        this.clients = clients;
        this.pages = pages;
        this.tunnels = tunnels;
        this.timeoutMillis = route.timeout().toMillis();
        this.server = SocketAddress.inetSocketAddress(route.upstreamPort(), route.upstream().getHost());
    }

    /** A request of a bypass route, or one whose WebSocket tunnel need not end with a session. */
    void forward(HttpServerRequest request) {
        forward(request, null);
    }

    /**
     * @param sessionKey the hash of the session the request was allowed under, so that a
     *        WebSocket tunnel it opens can be closed when that session ends; null on bypass routes
     */
    void forward(HttpServerRequest request, String sessionKey) {
        ContextInternal own = (ContextInternal) ((HttpServerRequestInternal) request).context();
        if (!own.nettyEventLoop().inEventLoop()) {
            // A decision can finish on another thread (a key set fetched once for many waiting
            // requests); the pools and the silence check are the request's own loop's.
            own.runOnContext(v -> forward(request, sessionKey));
            return;
        }
        if (!isWebSocket(request)) {
            new Exchange(this, request).start();
        } else if (!WebSocketTunnel.hasValidKey(request)) {
            // Without a key the upstream's answer cannot be checked (RFC 6455 §4.1).
            refuseAndClose(request, GatewayProblem.BAD_REQUEST);
        } else {
            WebSocketTunnel.open(vertx, clients.webSockets(), upstreamOptions(), request, route.preserveHost(),
                    timeoutMillis, this::refuseTunnel, tunnel -> tunnels.register(sessionKey, tunnel));
        }
    }

    private void refuseTunnel(HttpServerRequest incoming, Throwable failure) {
        refuseAndClose(incoming, problemFor(failure));
    }

    /**
     * A client that asked for a tunnel may already be writing to it: after the refusal its
     * connection is closed rather than read as HTTP again.
     */
    private void refuseAndClose(HttpServerRequest incoming, GatewayProblem problem) {
        ProblemPages.Rendered page = pages.render(problem, incoming.headers());
        incoming.response()
                .setStatusCode(page.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, page.contentType())
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(page.body())
                .onComplete(ar -> incoming.connection().close());
    }

    Vertx vertx() {
        return vertx;
    }

    Route route() {
        return route;
    }

    ProblemPages pages() {
        return pages;
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    /** The pool of the event loop this runs on. */
    HttpClient client() {
        return clients.requests().current();
    }

    /** Host and port name the pool, so they stay the upstream's even when Host is preserved. */
    RequestOptions upstreamOptions() {
        return new RequestOptions().setServer(server)
                .setHost(route.upstream().getHost()).setPort(route.upstreamPort())
                // Bounds the wait for a pooled connection as well as the TCP connect.
                .setConnectTimeout(timeoutMillis);
    }

    /** A GET asking to upgrade to WebSocket, as Vert.x itself tells one. */
    static boolean isWebSocket(HttpServerRequest request) {
        return HttpUtils.canUpgradeToWebSocket(request);
    }

    /** Logs the failure and says how the client is answered: 504 for a timeout, 502 otherwise. */
    GatewayProblem problemFor(Throwable failure) {
        // A request reset for silence (UpstreamSilence) fails with the reset wrapping the timeout.
        Throwable reason = failure instanceof StreamResetException && failure.getCause() != null ? failure.getCause()
                : failure;
        boolean timedOut = reason instanceof TimeoutException && !(reason instanceof ConnectException);
        // Failure messages can quote the network (URIs, header values): escaped, one line.
        LOG.warnf("Route %s: upstream %s %s (%s)", route.name(), route.upstream(),
                timedOut ? "timed out after " + route.timeout() : "failed", LogSafe.describe(reason));
        return timedOut ? GatewayProblem.GATEWAY_TIMEOUT : GatewayProblem.BAD_GATEWAY;
    }
}
