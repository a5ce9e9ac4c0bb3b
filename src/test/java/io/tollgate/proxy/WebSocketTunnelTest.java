package io.tollgate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.SocketAddress;

/**
 * Real tunnels between a WebSocket client and an echoing WebSocket server, registered under a
 * session key as the gateway does: closing the session closes them, and a tunnel that ends by
 * itself leaves the registry.
 */
class WebSocketTunnelTest {

    private Vertx vertx;
    private HttpServer upstream;
    private HttpServer gateway;
    private HttpClient upstreamClient;
    private HttpClient client;
    private final OpenTunnels tunnels = new OpenTunnels();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        // Upgraded by hand: see TestUpstream on vertx.disableWebsockets.
        upstream = vertx.createHttpServer()
                .requestHandler(request -> request.toWebSocket().onSuccess(ws -> ws.textMessageHandler(ws::writeTextMessage)))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        upstreamClient = vertx.createHttpClient();
        RequestOptions toUpstream = new RequestOptions()
                .setServer(SocketAddress.inetSocketAddress(upstream.actualPort(), "127.0.0.1"))
                .setHost("127.0.0.1").setPort(upstream.actualPort());
        gateway = vertx.createHttpServer().requestHandler(request -> WebSocketTunnel.open(vertx, upstreamClient,
                toUpstream, request, false, 5_000, (incoming, failure) -> incoming.response().setStatusCode(502).end(),
                tunnel -> tunnels.register(request.getHeader("x-session"), tunnel)))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        client = vertx.createHttpClient();
    }

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void endingTheSessionClosesItsTunnel() throws Exception {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        WebSocket ws = connect("session-1", messages, closed);
        ws.writeTextMessage("hello");
        assertEquals("hello", messages.poll(10, TimeUnit.SECONDS));
        assertEquals(Set.of("session-1"), tunnels.sessionKeys());

        assertEquals(1, tunnels.closeFor("session-1"));
        closed.get(10, TimeUnit.SECONDS);
        assertEquals(Set.of(), tunnels.sessionKeys());
        assertEquals(0, tunnels.size());
    }

    @Test
    void aTunnelClosedByTheClientLeavesTheRegistry() throws Exception {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        WebSocket kept = connect("session-1", messages, new CompletableFuture<>());
        WebSocket leaving = connect("session-2", messages, new CompletableFuture<>());
        WebSocket bypass = connect(null, messages, new CompletableFuture<>());
        assertEquals(Set.of("session-1", "session-2"), tunnels.sessionKeys());
        assertEquals(3, tunnels.size());

        leaving.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        bypass.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        awaitSize(1);
        assertEquals(Set.of("session-1"), tunnels.sessionKeys());
        kept.writeTextMessage("still open");
        assertEquals("still open", messages.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void aTunnelClosedByTheUpstreamLeavesTheRegistry() throws Exception {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        connect("session-1", messages, closed);
        assertEquals(1, tunnels.size());
        upstream.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        closed.get(10, TimeUnit.SECONDS);
        awaitSize(0);
        assertEquals(Set.of(), tunnels.sessionKeys());
    }

    private WebSocket connect(String session, BlockingQueue<String> messages, CompletableFuture<Void> closed)
            throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1")
                .setPort(gateway.actualPort()).setURI("/ws");
        if (session != null) {
            options.addHeader("x-session", session);
        }
        WebSocket ws = client.webSocket(options).onSuccess(socket -> {
            socket.textMessageHandler(messages::add);
            socket.closeHandler(v -> closed.complete(null));
        }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        // An echo proves the tunnel is piped, which happens together with its registration.
        ws.writeTextMessage("ready?");
        assertEquals("ready?", messages.poll(10, TimeUnit.SECONDS));
        return ws;
    }

    private void awaitSize(int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (tunnels.size() != size && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(size, tunnels.size());
    }
}
