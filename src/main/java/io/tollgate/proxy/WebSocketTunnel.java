package io.tollgate.proxy;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
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
 */
final class WebSocketTunnel {

    /** Answers the client when no tunnel could be opened. */
    interface Refusal {
        void refuse(HttpServerRequest incoming, Throwable failure);
    }

    private WebSocketTunnel() {
    }

    static void open(Vertx vertx, HttpClient client, RequestOptions options, HttpServerRequest incoming,
            boolean preserveHost, long handshakeTimeoutMillis, Refusal refusal) {
        incoming.pause();
        client.request(new RequestOptions(options).setMethod(HttpMethod.GET).setURI(incoming.uri()))
                .compose(upstream -> handshake(vertx, upstream, incoming, preserveHost, handshakeTimeoutMillis))
                .onSuccess(response -> relay(incoming, response))
                .onFailure(failure -> {
                    incoming.resume();
                    refusal.refuse(incoming, failure);
                });
    }

    private static Future<HttpClientResponse> handshake(Vertx vertx, HttpClientRequest upstream,
            HttpServerRequest incoming, boolean preserveHost, long timeoutMillis) {
        for (Map.Entry<String, String> header : incoming.headers()) {
            if (!header.getKey().equalsIgnoreCase("host")) {
                upstream.headers().add(header.getKey(), header.getValue());
            }
        }
        // Some browsers send "keep-alive, Upgrade"; upstreams expect exactly "Upgrade".
        upstream.headers().set("connection", "Upgrade");
        HostAndPort authority = incoming.authority();
        if (preserveHost && authority != null) {
            upstream.authority(authority);
        }
        long timer = vertx.setTimer(timeoutMillis, id -> upstream.reset(0,
                new TimeoutException("no WebSocket handshake answer within " + timeoutMillis + " ms")));
        return upstream.connect().onComplete(ar -> vertx.cancelTimer(timer));
    }

    private static void relay(HttpServerRequest incoming, HttpClientResponse response) {
        if (response.statusCode() != 101) {
            // The upstream refused the upgrade: its answer goes back as it is.
            incoming.resume();
            incoming.response().setStatusCode(response.statusCode());
            response.headers().forEach(h -> {
                String name = h.getKey().toLowerCase(Locale.ROOT);
                if (!name.equals("connection") && !name.equals("transfer-encoding") && !name.equals("keep-alive")) {
                    incoming.response().headers().add(h.getKey(), h.getValue());
                }
            });
            response.pipeTo(incoming.response());
            return;
        }
        NetSocket upstreamSocket = response.netSocket();
        upstreamSocket.pause();
        incoming.response().setStatusCode(101);
        incoming.response().headers().addAll(response.headers());
        incoming.toNetSocket().onComplete(ar -> {
            if (ar.failed()) {
                upstreamSocket.close();
                return;
            }
            NetSocket clientSocket = ar.result();
            upstreamSocket.pipeTo(clientSocket);
            clientSocket.pipeTo(upstreamSocket);
        });
    }
}
