package io.tollgate.proxy;

import io.tollgate.gate.Route;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.tollgate.http.LogSafe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.impl.HttpUtils;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyOptions;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Forwards requests of one route to its upstream with vertx-http-proxy over a keep-alive
 * connection pool. Bodies stream both ways with back-pressure; WebSocket upgrades tunnel.
 */
final class UpstreamProxy implements ProxyInterceptor {

    private static final Logger LOG = Logger.getLogger(UpstreamProxy.class);
    private static final String UPSTREAM_REQUEST = "tollgate.upstream-request";
    private static final String UPLOAD_WATCH = "tollgate.upload-watch";

    private final Vertx vertx;
    private final Route route;
    private final UpstreamClients.Pair clients;
    private final HttpProxy proxy;
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
        // WebSocket upgrades never reach the library: see WebSocketTunnel.
        // The library's own client is never used: the origin below picks the event loop's.
        this.proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(false), clients.webSockets())
                .origin(this::openUpstreamRequest)
                .addInterceptor(this);
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
        if (!isWebSocket(request)) {
            proxy.handle(request);
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

    /** Host and port name the pool, so they stay the upstream's even when Host is preserved. */
    private RequestOptions upstreamOptions() {
        return new RequestOptions().setServer(server)
                .setHost(route.upstream().getHost()).setPort(route.upstreamPort())
                // Bounds the wait for a pooled connection as well as the TCP connect.
                .setConnectTimeout(timeoutMillis);
    }

    private Future<HttpClientRequest> openUpstreamRequest(ProxyContext context) {
        HttpServerRequest incoming = context.request().proxiedRequest();
        return clients.requests().current().request(upstreamOptions()).map(pooled -> {
            HttpClientRequest upstreamRequest = new UpstreamRequest(vertx, pooled);
            HostAndPort clientAuthority = incoming.authority();
            if (route.preserveHost() && clientAuthority != null) {
                upstreamRequest.authority(clientAuthority);
            }
            context.set(UPSTREAM_REQUEST, upstreamRequest);
            armTimeout(context, upstreamRequest);
            return upstreamRequest;
        });
    }

    /**
     * The timeout counts silence: from the client while it uploads (a stalled upload would
     * otherwise hold a pooled connection), then from the upstream once the body is sent.
     * Only a request that really has a body is watched.
     */
    private void armTimeout(ProxyContext context, HttpClientRequest upstreamRequest) {
        ProxyRequest proxyRequest = context.request();
        Body body = proxyRequest.getBody();
        if (body == null || !hasBody(proxyRequest.proxiedRequest(), body)) {
            upstreamRequest.idleTimeout(timeoutMillis);
            return;
        }
        HttpServerRequest incoming = proxyRequest.proxiedRequest();
        UploadWatch watch = new UploadWatch(vertx, body.stream(), timeoutMillis,
                () -> upstreamRequest.idleTimeout(timeoutMillis),
                () -> {
                    LOG.debugf("Route %s: client upload silent for %d ms, exchange closed", route.name(),
                            timeoutMillis);
                    // Only this exchange: on HTTP/1.x its request is still being read, so the
                    // connection carries nothing else yet; on HTTP/2 only the stream is reset.
                    // First, or the upstream's failure would answer and end the exchange first.
                    incoming.response().reset();
                    upstreamRequest.reset(0, new TimeoutException("client upload stalled"));
                });
        proxyRequest.setBody(Body.body(watch, body.length()));
        context.set(UPLOAD_WATCH, watch);
        watch.start();
    }

    /** A length above zero, or chunked framing (the library has refused any other coding). */
    static boolean hasBody(HttpServerRequest incoming, Body body) {
        return body.length() > 0 || (body.length() < 0 && incoming.headers().contains(HttpHeaders.TRANSFER_ENCODING));
    }

    /**
     * The exchange is over (answer sent, client gone, upstream failed): the upload timer goes.
     * An upload still running is of no use to anyone: the upstream request is reset, which
     * frees its pooled connection, and the client's remaining bytes are read and dropped, so
     * that its connection can carry its next request.
     */
    private static void endExchange(ProxyContext context) {
        UploadWatch watch = context.get(UPLOAD_WATCH, UploadWatch.class);
        if (watch == null) {
            return;
        }
        watch.stop();
        if (!watch.ended()) {
            HttpClientRequest upstreamRequest = context.get(UPSTREAM_REQUEST, HttpClientRequest.class);
            if (upstreamRequest != null) {
                upstreamRequest.reset();
            }
            context.request().proxiedRequest().resume();
        }
    }

    /** The same test the proxy library applies before tunnelling. */
    static boolean isWebSocket(HttpServerRequest request) {
        return HttpUtils.canUpgradeToWebSocket(request);
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        return context.sendRequest().map(response -> {
            if (!framedForTheLibrary(response)) {
                // The library answers 501 itself without calling handleProxyResponse.
                endExchange(context);
            }
            return response;
        }).recover(failure -> {
            endExchange(context);
            return Future.succeededFuture(problemResponse(context, failure));
        });
    }

    /** The check the library makes before handing an upstream answer to the interceptors. */
    private static boolean framedForTheLibrary(ProxyResponse response) {
        for (String coding : response.headers().getAll(HttpHeaders.TRANSFER_ENCODING)) {
            if (!coding.equals("chunked")) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        return sendCleanResponse(context).onComplete(ar -> endExchange(context));
    }

    private Future<Void> sendCleanResponse(ProxyContext context) {
        ProxyResponse response = context.response();
        ForwardedHeaders.cleanResponse(response.headers());
        HttpClientRequest upstream = context.get(UPSTREAM_REQUEST, HttpClientRequest.class);
        if (!Http10Responses.needsLength(response)) {
            return ResponseSender.send(response, upstream);
        }
        return Http10Responses.holdWhole(response).compose(v -> ResponseSender.send(response, upstream), failure -> {
            if (upstream != null) {
                upstream.reset(0, failure);
            }
            LOG.warnf("Route %s: %s", route.name(), LogSafe.of(failure.getMessage()));
            problemPage(response.release(), GatewayProblem.BAD_GATEWAY, response.request().proxiedRequest());
            return ResponseSender.send(response, null);
        });
    }

    /** Logs the failure and says how the client is answered: 504 for a timeout, 502 otherwise. */
    private GatewayProblem problemFor(Throwable failure) {
        boolean timedOut = failure instanceof TimeoutException && !(failure instanceof ConnectException);
        // Failure messages can quote the network (URIs, header values): escaped, one line.
        LOG.warnf("Route %s: upstream %s %s (%s)", route.name(), route.upstream(),
                timedOut ? "timed out after " + route.timeout() : "failed", LogSafe.describe(failure));
        return timedOut ? GatewayProblem.GATEWAY_TIMEOUT : GatewayProblem.BAD_GATEWAY;
    }

    private ProxyResponse problemResponse(ProxyContext context, Throwable failure) {
        GatewayProblem problem = problemFor(failure);
        return problemPage(context.request().release().response(), problem, context.request().proxiedRequest());
    }

    private ProxyResponse problemPage(ProxyResponse response, GatewayProblem problem, HttpServerRequest incoming) {
        ProblemPages.Rendered page = pages.render(problem, incoming.headers());
        return response
                .setStatusCode(page.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, page.contentType())
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .setBody(Body.body(Buffer.buffer(page.body())));
    }
}
