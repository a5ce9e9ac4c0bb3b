package io.tollgate.proxy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.tollgate.http.LogSafe;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.streams.Pipe;

/**
 * One proxied request on its way to the upstream and its answer on the way back, on the
 * Vert.x HTTP client directly: the request's headers are copied once into the upstream
 * request, the answer's once into the client's response, and the bodies stream both ways with
 * back-pressure. Everything of the exchange is held here and nowhere else, so it all goes when
 * the exchange does.
 */
final class Exchange {

    private static final Logger LOG = Logger.getLogger(Exchange.class);

    /**
     * Headers that frame this hop's message or name its server: the upstream request has its own.
     * {@code Expect: 100-continue} is answered by the gateway itself once the request is let through.
     */
    private static final HeaderNameSet FRAMING_OR_HOST = new HeaderNameSet(
            List.of("host", "connection", "transfer-encoding", "upgrade", "expect"));

    private final UpstreamProxy proxy;
    private final HttpServerRequest incoming;
    private final UpstreamSilence silence;
    private UpstreamRequest upstream;
    private UploadWatch watch;
    /** An HTTP/1.0 client's answer while it is held whole; its growth is progress too. */
    private Buffer held;

    // Kept by UpstreamSilence, on this exchange's event loop only.
    int silenceSlot = -1;
    long lastProgress;
    long lastActivityNanos;

    Exchange(UpstreamProxy proxy, HttpServerRequest incoming) {
        this.proxy = proxy;
        this.incoming = incoming;
        this.silence = UpstreamSilence.ofThisLoop(proxy.vertx());
    }

    /** Framing has been screened before (RequestFraming): a length of digits, or chunked, or none. */
    void start() {
        // Nothing of the body may be read before there is somewhere to send it.
        incoming.pause();
        proxy.client().request(proxy.upstreamOptions()).onComplete(pooled -> {
            if (pooled.succeeded()) {
                send(new UpstreamRequest(proxy.vertx(), pooled.result()));
            } else {
                // The body will not be sent: read and dropped, so the connection can go on.
                incoming.resume();
                answerProblem(pooled.cause());
            }
        });
    }

    private void send(UpstreamRequest request) {
        upstream = request;
        request.setMethod(incoming.method());
        request.setURI(incoming.uri());
        MultiMap headers = request.headers();
        try {
            for (Map.Entry<String, String> header : incoming.headers()) {
                String name = header.getKey();
                if (!FRAMING_OR_HOST.contains(name)) {
                    headers.add(name, header.getValue());
                }
            }
        } catch (IllegalArgumentException refused) {
            // HTTP/2 lets through header values (vertical tab, form feed) the client will not send.
            LOG.debugf("Route %s: a request header cannot be forwarded: %s", proxy.route().name(),
                    LogSafe.of(refused.getMessage()));
            request.abort(refused);
            incoming.resume();
            answerProblem(GatewayProblem.BAD_REQUEST);
            return;
        }
        HostAndPort clientAuthority = incoming.authority();
        if (proxy.route().preserveHost() && clientAuthority != null) {
            request.authority(clientAuthority);
        }
        incoming.response().exceptionHandler(failure -> request.reset(0, failure));
        request.response().onComplete(answer -> {
            if (answer.succeeded()) {
                relay(answer.result());
            } else {
                endExchange();
                answerProblem(answer.cause());
            }
        });
        long timeout = proxy.timeoutMillis();
        String length = incoming.getHeader(HttpHeaders.CONTENT_LENGTH);
        boolean chunked = incoming.headers().contains(HttpHeaders.TRANSFER_ENCODING);
        boolean unannounced = unannouncedHttp2Body(length);
        if (!chunked && !unannounced && (length == null || Long.parseLong(length.trim()) == 0)) {
            // Watched first: if the request fails at once, endExchange() forgets it again.
            silence.watch(this);
            request.end();
            incoming.resume();
            return;
        }
        // The request has a body, or may have one (HTTP/2 without a length): the timeout counts
        // the client's silence while it uploads
        // (a stalled upload would otherwise hold a pooled connection), then the upstream's.
        request.setChunked(chunked);
        watch = new UploadWatch(proxy.vertx(), incoming, timeout, () -> silence.watch(this), () -> {
            LOG.debugf("Route %s: client upload silent for %d ms, exchange closed", proxy.route().name(), timeout);
            // Only this exchange: on HTTP/1.x its request is still being read, so the
            // connection carries nothing else yet; on HTTP/2 only the stream is reset.
            // First, or the upstream's failure would answer and end the exchange first.
            incoming.response().reset();
            request.reset(0, new TimeoutException("client upload stalled"));
        });
        if (incoming.version() != HttpVersion.HTTP_1_0
                && "100-continue".equalsIgnoreCase(incoming.getHeader(HttpHeaders.EXPECT))) {
            // The client waits for this before its body; the upstream will only see the body.
            incoming.response().writeContinue();
        }
        Pipe<Buffer> pipe = watch.pipe();
        pipe.endOnComplete(true);
        pipe.endOnFailure(false);
        pipe.to(unannounced ? new UnannouncedBody(request) : request, sent -> {
            if (sent.failed()) {
                request.reset();
            }
        });
        watch.start();
    }

    /**
     * Whether this is an HTTP/2 request that may carry a body without announcing its length
     * ({@link UnannouncedBody}). GET and HEAD are forwarded without one, as they are over
     * HTTP/1.1 without framing headers: the gateway's usual requests need no upload watch.
     */
    private boolean unannouncedHttp2Body(String length) {
        if (length != null || incoming.version() != HttpVersion.HTTP_2) {
            return false;
        }
        HttpMethod method = incoming.method();
        return method != HttpMethod.GET && method != HttpMethod.HEAD;
    }

    private void relay(HttpClientResponse answer) {
        answer.pause();
        try {
            // Once the whole answer is in, its connection may carry another request: the silence
            // check must no longer cut this exchange (only the client's side is left to write).
            answer.end().onComplete(received -> silence.forget(this));
        } catch (IllegalStateException alreadyEnded) {
            silence.forget(this);
        }
        if (!ResponseSender.framedByChunksAtMost(answer.headers())) {
            // Netty read the body as chunked, or to the close; the gateway cannot vouch for either.
            LOG.warnf("Route %s: upstream answered with a transfer coding other than chunked", proxy.route().name());
            endExchange();
            // Its connection is closed, not drained for reuse: its framing is not trusted.
            upstream.abort(new IllegalStateException("transfer coding other than chunked"));
            answerProblem(GatewayProblem.BAD_GATEWAY);
            return;
        }
        HttpServerResponse out = incoming.response();
        if (incoming.version() == HttpVersion.HTTP_1_0 && ResponseSender.lengthOf(answer.headers()) < 0) {
            // No chunked framing for HTTP/1.0 clients: the body is held whole, within limits.
            held = Buffer.buffer();
            Http10Responses.holdWhole(answer, held).onComplete(whole -> {
                if (whole.succeeded()) {
                    ResponseSender.sendWhole(answer, out, whole.result()).onComplete(sent -> endExchange());
                } else {
                    upstream.reset(0, whole.cause());
                    LOG.warnf("Route %s: %s", proxy.route().name(), LogSafe.of(whole.cause().getMessage()));
                    endExchange();
                    answerProblem(GatewayProblem.BAD_GATEWAY);
                }
            });
            return;
        }
        ResponseSender.send(answer, out, upstream).onComplete(sent -> endExchange());
    }

    private void answerProblem(Throwable failure) {
        answerProblem(proxy.problemFor(failure));
    }

    /** The problem page, unless the answer has begun already: then only the stream can be cut. */
    private void answerProblem(GatewayProblem problem) {
        HttpServerResponse out = incoming.response();
        if (out.headWritten() || out.ended() || out.closed()) {
            return;
        }
        ProblemPages.Rendered page = proxy.pages().render(problem, incoming.headers());
        out.setStatusCode(page.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, page.contentType())
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader(HttpHeaders.DATE, ResponseSender.httpDate(System.currentTimeMillis()))
                .end(page.body());
    }

    long timeoutNanos() {
        return proxy.timeoutMillis() * 1_000_000;
    }

    /** Grows while the answer moves: bytes handed to the client, or held for it. */
    long progress() {
        Buffer holding = held;
        return incoming.response().bytesWritten() + (holding == null ? 0 : holding.length());
    }

    /**
     * Nothing from the upstream for the route's timeout: the exchange is cut, as a timeout of
     * the request itself would (504 before an answer, the client's stream reset during one).
     */
    void silent() {
        LOG.debugf("Route %s: no progress for %d ms (upstream silent, or client not reading)", proxy.route().name(),
                proxy.timeoutMillis());
        // Watched only until the upstream's answer has ended: the connection is still this exchange's.
        upstream.abort(new TimeoutException("no progress for " + proxy.timeoutMillis() + " ms"));
    }

    /**
     * The exchange is over (answer sent, client gone, upstream failed): the upload timer goes.
     * An upload still running is of no use to anyone: the upstream request is reset, which
     * frees its pooled connection, and the client's remaining bytes are read and dropped, so
     * that its connection can carry its next request.
     */
    private void endExchange() {
        silence.forget(this);
        UploadWatch running = watch;
        if (running == null) {
            return;
        }
        running.stop();
        if (!running.ended()) {
            upstream.reset();
            incoming.resume();
        }
    }
}
