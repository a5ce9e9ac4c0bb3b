package io.tollgate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.session.SessionStore;
import io.tollgate.testing.OnEventLoop;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.TestAccounts;
import io.tollgate.testing.UpstreamTestResource;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * A WebSocket tunnel lives no longer than the session it was opened under: logging out closes
 * it at once, and a session ended elsewhere (another replica, an account change) closes it at
 * the next look at Redis.
 */
@QuarkusTest
class TunnelRevocationTest {

    @TestHTTPResource("/")
    URL gateway;

    @Inject
    TestAccounts accounts;

    @Inject
    SessionStore sessions;

    @Inject
    OpenTunnels tunnels;

    @BeforeEach
    void setUp() {
        // Password only for these users: two_factor routes open with it.
        accounts.policy(Set.of(), Set.of(), false, 7, Duration.ZERO, true);
        accounts.unlock();
    }

    /** A tunnel through localhost/app (two_factor) with the browser's session; completes when it closes. */
    private CompletableFuture<Void> tunnel(HttpClient client, PortalClient browser) throws Exception {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(gateway.getHost())
                .setPort(gateway.getPort()).setURI("/app/ws")
                .addHeader("Cookie", "tollgate_session=" + browser.cookie("tollgate_session"));
        // On the event loop: the upstream speaks first, and a message before the handler is dropped.
        WebSocket ws = OnEventLoop.start(UpstreamTestResource.vertx(), () -> client.webSocket(options)
                .onSuccess(socket -> {
                    socket.textMessageHandler(messages::add);
                    socket.closeHandler(v -> closed.complete(null));
                }))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(messages.poll(10, TimeUnit.SECONDS).startsWith("remote-user="), "the tunnel is open");
        ws.writeTextMessage("still here");
        assertEquals("still here", messages.poll(10, TimeUnit.SECONDS));
        return closed;
    }

    private PortalClient signedIn(String username) {
        accounts.create(username, false);
        PortalClient browser = new PortalClient("localhost");
        browser.signIn(username, TestAccounts.PASSWORD);
        assertEquals(200, browser.get("/app/page").statusCode());
        return browser;
    }

    @Test
    void loggingOutClosesTheSessionsTunnels() throws Exception {
        HttpClient client = UpstreamTestResource.vertx().createHttpClient();
        try {
            PortalClient browser = signedIn("tunnel-logout");
            CompletableFuture<Void> closed = tunnel(client, browser);
            browser.logout();
            closed.get(5, TimeUnit.SECONDS);
        } finally {
            client.close();
        }
    }

    @Test
    void aSessionEndedElsewhereClosesItsTunnelsWithinSeconds() throws Exception {
        HttpClient client = UpstreamTestResource.vertx().createHttpClient();
        try {
            PortalClient browser = signedIn("tunnel-elsewhere");
            String handle = SessionStore.handle(browser.cookie("tollgate_session"));
            CompletableFuture<Void> closed = tunnel(client, browser);
            assertTrue(tunnels.sessionKeys().contains(handle));
            // As another replica would: the session goes from Redis, and nobody here is told.
            assertTrue(TestAccounts.await(() -> sessions.end("tunnel-elsewhere", handle)));
            closed.get(TunnelRevocation.SWEEP_EVERY.toSeconds() + 5, TimeUnit.SECONDS);
            assertTrue(!tunnels.sessionKeys().contains(handle));
        } finally {
            client.close();
        }
    }
}
