package io.tollgate.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.tollgate.http.HeaderNames;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.NetSocket;

/**
 * Tunnels a WebSocket upgrade to the upstream. Written here rather than left to the proxy
 * library, whose tunnel starts reading the upstream before it has somewhere to put the bytes,
 * so that a message the upstream sends right after the handshake could be lost. Here both
 * sockets are paused until they are piped to each other, with back-pressure both ways.
 * <p>
 * A tunnel opens only on a complete WebSocket handshake answer (RFC 6455 §4.1): an upstream
 * that answers 101 without the right Sec-WebSocket-Accept may still be reading HTTP, and a
 * blind tunnel would let the client send it requests the gateway never saw ("WebSocket
 * smuggling").
 */
final class WebSocketTunnel implements OpenTunnels.Tunnel {

    private static final Logger LOG = Logger.getLogger(WebSocketTunnel.class);

    /** RFC 6455 §1.3: appended to the client's key before hashing. */
    static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** Answers the client when no tunnel could be opened. */
    interface Refusal {
        void refuse(HttpServerRequest incoming, Throwable failure);
    }

    /** The upstream answered 101 without completing the WebSocket handshake. */
    static final class BadHandshake extends RuntimeException {
        BadHandshake(String why) {
            super(why, null, false, false);
        }
    }

    private final NetSocket client;
    private final NetSocket upstream;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Runnable> closeActions = new ArrayList<>();

    private WebSocketTunnel(NetSocket client, NetSocket upstream) {
        this.client = client;
        this.upstream = upstream;
    }

    /**
     * @param opened told of each tunnel that opens, to register it
     */
    static void open(Vertx vertx, HttpClient client, RequestOptions options, HttpServerRequest incoming,
            boolean preserveHost, long handshakeTimeoutMillis, Refusal refusal, Consumer<OpenTunnels.Tunnel> opened) {
        incoming.pause();
        client.request(new RequestOptions(options).setMethod(HttpMethod.GET).setURI(incoming.uri()))
                .compose(upstream -> handshake(vertx, upstream, incoming, preserveHost, handshakeTimeoutMillis))
                .compose(response -> checked(response, incoming.getHeader(HeaderNames.SEC_WEBSOCKET_KEY)))
                .onSuccess(response -> relay(incoming, response, opened))
                .onFailure(failure -> {
                    incoming.resume();
                    refusal.refuse(incoming, failure);
                });
    }

    /** Exactly one key, the base64 form of 16 bytes (RFC 6455 §4.1). */
    static boolean hasValidKey(HttpServerRequest request) {
        List<String> keys = request.headers().getAll(HeaderNames.SEC_WEBSOCKET_KEY);
        if (keys.size() != 1) {
            return false;
        }
        String key = keys.get(0).trim();
        if (key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** base64(SHA-1(key + GUID)): what the upstream must answer to the key. */
    static String expectedAccept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key.trim() + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    /**
     * Why a 101 answer does not complete the handshake, or null when it does: Upgrade names
     * websocket, Connection names upgrade, and the one Sec-WebSocket-Accept matches the key.
     */
    static String handshakeProblem(MultiMap headers, String key) {
        List<String> upgrades = headers.getAll(HttpHeaders.UPGRADE);
        if (upgrades.size() != 1 || !upgrades.get(0).trim().equalsIgnoreCase("websocket")) {
            return "no Upgrade: websocket";
        }
        boolean connectionUpgrade = false;
        for (String value : headers.getAll(HttpHeaders.CONNECTION)) {
            for (String token : value.split(",")) {
                connectionUpgrade |= token.trim().equalsIgnoreCase("upgrade");
            }
        }
        if (!connectionUpgrade) {
            return "no Connection: upgrade";
        }
        List<String> accepts = headers.getAll(HeaderNames.SEC_WEBSOCKET_ACCEPT);
        if (accepts.size() != 1) {
            return accepts.isEmpty() ? "no Sec-WebSocket-Accept" : "several Sec-WebSocket-Accept";
        }
        if (!MessageDigest.isEqual(accepts.get(0).trim().getBytes(StandardCharsets.ISO_8859_1),
                expectedAccept(key).getBytes(StandardCharsets.ISO_8859_1))) {
            return "wrong Sec-WebSocket-Accept";
        }
        return null;
    }

    private static Future<HttpClientResponse> handshake(Vertx vertx, HttpClientRequest upstream,
            HttpServerRequest incoming, boolean preserveHost, long timeoutMillis) {
        for (Map.Entry<String, String> header : incoming.headers()) {
            if (!header.getKey().equalsIgnoreCase("host")) {
                upstream.headers().add(header.getKey(), header.getValue());
            }
        }
        // Some browsers send "keep-alive, Upgrade"; upstreams expect exactly "Upgrade".
        upstream.headers().set(HttpHeaders.CONNECTION, "Upgrade");
        HostAndPort authority = incoming.authority();
        if (preserveHost && authority != null) {
            upstream.authority(authority);
        }
        long timer = vertx.setTimer(timeoutMillis, id -> upstream.reset(0,
                new TimeoutException("no WebSocket handshake answer within " + timeoutMillis + " ms")));
        return upstream.connect().onComplete(ar -> vertx.cancelTimer(timer));
    }

    /** A 101 that is not a WebSocket handshake closes the upstream connection and fails. */
    private static Future<HttpClientResponse> checked(HttpClientResponse response, String key) {
        if (response.statusCode() != 101) {
            return Future.succeededFuture(response);
        }
        String problem = handshakeProblem(response.headers(), key);
        if (problem == null) {
            return Future.succeededFuture(response);
        }
        // Never reused: whatever the upstream now reads on it, nobody checked.
        response.netSocket().close();
        LOG.warnf("Upstream answered a WebSocket upgrade with 101 but %s: no tunnel", problem);
        return Future.failedFuture(new BadHandshake("upstream WebSocket handshake: " + problem));
    }

    private static void relay(HttpServerRequest incoming, HttpClientResponse response,
            Consumer<OpenTunnels.Tunnel> opened) {
        if (response.statusCode() != 101) {
            // The upstream refused the upgrade: its answer goes back as it is, cleaned.
            incoming.resume();
            incoming.response().setStatusCode(response.statusCode());
            MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(response.headers());
            ForwardedHeaders.cleanResponse(headers);
            headers.remove(HttpHeaders.TRANSFER_ENCODING);
            incoming.response().headers().addAll(headers);
            response.pipeTo(incoming.response());
            return;
        }
        NetSocket upstreamSocket = response.netSocket();
        upstreamSocket.pause();
        incoming.response().setStatusCode(101);
        incoming.response().headers().addAll(switchingHeaders(response.headers()));
        incoming.toNetSocket().onComplete(ar -> {
            if (ar.failed()) {
                upstreamSocket.close();
                return;
            }
            WebSocketTunnel tunnel = new WebSocketTunnel(ar.result(), upstreamSocket);
            tunnel.start();
            opened.accept(tunnel);
        });
    }

    /** The upstream's 101 headers for the client: Upgrade and Connection kept, the rest cleaned. */
    static MultiMap switchingHeaders(MultiMap upstream) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(upstream);
        ForwardedHeaders.cleanResponse(headers);
        headers.set(HttpHeaders.UPGRADE, "websocket");
        headers.set(HttpHeaders.CONNECTION, "Upgrade");
        return headers;
    }

    private void start() {
        // Either side ending ends the tunnel; the pipes end the other side, this records it.
        client.closeHandler(v -> close());
        upstream.closeHandler(v -> close());
        upstream.pipeTo(client);
        client.pipeTo(upstream);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        client.close();
        upstream.close();
        List<Runnable> actions;
        synchronized (closeActions) {
            actions = new ArrayList<>(closeActions);
            closeActions.clear();
        }
        actions.forEach(Runnable::run);
    }

    @Override
    public void onClose(Runnable action) {
        synchronized (closeActions) {
            if (!closed.get()) {
                closeActions.add(action);
                return;
            }
        }
        action.run();
    }
}
