package io.tollgate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URL;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.testing.OnEventLoop;
import io.tollgate.testing.UpstreamTestResource;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;

/** The gateway registers its tunnels in the application's registry, and forgets them when they end. */
@QuarkusTest
class GatewayTunnelsTest {

    @TestHTTPResource("/")
    URL gateway;

    @Inject
    OpenTunnels tunnels;

    @Test
    void aTunnelIsRegisteredWhileOpen() throws Exception {
        HttpClient client = UpstreamTestResource.vertx().createHttpClient();
        try {
            int before = tunnels.size();
            BlockingQueue<String> messages = new LinkedBlockingQueue<>();
            // localhost/ws is a bypass route: the tunnel belongs to no session.
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(gateway.getHost())
                    .setPort(gateway.getPort()).setURI("/ws");
            // On the event loop: the upstream speaks first, and a message before the handler is dropped.
            WebSocket ws = OnEventLoop.start(UpstreamTestResource.vertx(),
                    () -> client.webSocket(options).onSuccess(socket -> socket.textMessageHandler(messages::add)))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertNotNull(messages.poll(10, TimeUnit.SECONDS), "the upstream's first message");
            assertEquals(before + 1, tunnels.size());

            ws.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (tunnels.size() != before && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(before, tunnels.size());
        } finally {
            client.close();
        }
    }
}
