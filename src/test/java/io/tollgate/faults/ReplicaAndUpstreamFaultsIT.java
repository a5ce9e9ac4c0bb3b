package io.tollgate.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.tollgate.devstack.EmbeddedStores;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.ProductionGateway;

/**
 * Upstreams and replicas failing under two packaged gateways: an upstream that answers
 * garbage is a 502, one that never answers a 504 after its route's timeout, one killed with
 * connections in the pool a 502 until it returns — and then served again without a stale
 * connection; the other routes never notice. One of the two gateways killed outright: its
 * users stay signed in through the other.
 */
class ReplicaAndUpstreamFaultsIT {

    private static final String PASSWORD = "a long enough password for replicas";
    private static final List<ServerSocket> upstreams = new CopyOnWriteArrayList<>();
    private static int garbagePort;
    private static int silentPort;
    private static int fragilePort;
    private static volatile ServerSocket fragile;
    private static final List<Socket> fragileConnections = new CopyOnWriteArrayList<>();
    private static ProductionGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        garbagePort = serve(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), "garbage");
        silentPort = serve(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), "silent");
        fragilePort = EmbeddedStores.freePort();
        startFragile();
        String host = ProductionGateway.APP;
        gateway = ProductionGateway.start(2,
                "-Dtollgate.routes.garbage.host=" + host, "-Dtollgate.routes.garbage.path-prefix=/garbage",
                "-Dtollgate.routes.garbage.policy=bypass", "-Dtollgate.routes.garbage.upstream=http://127.0.0.1:" + garbagePort,
                "-Dtollgate.routes.silent.host=" + host, "-Dtollgate.routes.silent.path-prefix=/silent",
                "-Dtollgate.routes.silent.policy=bypass", "-Dtollgate.routes.silent.timeout=1s",
                "-Dtollgate.routes.silent.upstream=http://127.0.0.1:" + silentPort,
                "-Dtollgate.routes.fragile.host=" + host, "-Dtollgate.routes.fragile.path-prefix=/fragile",
                "-Dtollgate.routes.fragile.policy=bypass", "-Dtollgate.routes.fragile.upstream=http://127.0.0.1:" + fragilePort);
        gateway.user("una", PASSWORD);
    }

    @AfterAll
    static void stop() throws IOException {
        if (gateway != null) {
            gateway.close();
        }
        for (ServerSocket server : upstreams) {
            server.close();
        }
    }

    private static int status(int port, String path) {
        return RestAssured.given().baseUri("http://127.0.0.1").port(port).redirects().follow(false)
                .header("Host", ProductionGateway.APP).get(path).statusCode();
    }

    @Test
    void aFailingUpstreamIsA502OrA504ForItsRoutesAndNothingForTheOthers() throws Exception {
        // Replica B: the other test kills A.
        int port = gateway.ports.get(1);
        assertEquals(200, status(port, "/fragile/warm-1"));
        assertEquals(200, status(port, "/fragile/warm-2"), "keep-alive connections now in the pool");
        assertEquals(502, status(port, "/garbage/x"));
        long start = System.nanoTime();
        assertEquals(504, status(port, "/silent/x"));
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waited >= 900 && waited < 5_000, "the route's 1 s timeout, not longer: " + waited + " ms");
        assertEquals(200, status(port, "/public/beside-the-failures"));

        // The fragile upstream dies with connections in the gateway's pool, then comes back.
        killFragile();
        for (int i = 0; i < 3; i++) {
            assertEquals(502, status(port, "/fragile/down-" + i));
            assertEquals(200, status(port, "/public/while-fragile-is-down-" + i));
        }
        startFragile();
        for (int i = 0; i < 10; i++) {
            assertEquals(200, status(port, "/fragile/back-" + i), "served again, no stale pooled connection");
        }
    }

    @Test
    void usersStaySignedInThroughTheOtherGatewayWhenOneIsKilled() throws Exception {
        PortalClient una = gateway.browser(gateway.ports.get(0));
        assertEquals(303, una.signIn("una", PASSWORD).statusCode());
        assertEquals(200, una.get("/una-on-a").statusCode());
        gateway.kill(0);
        PortalClient sameBrowser = gateway.browser(gateway.ports.get(1));
        sameBrowser.setCookie("__Host-tollgate_session", una.cookie("__Host-tollgate_session"));
        for (int i = 0; i < 5; i++) {
            assertEquals(200, sameBrowser.get("/una-on-b-" + i).statusCode(), "still signed in on B");
        }
        assertEquals(303, gateway.browser(gateway.ports.get(1)).signIn("una", PASSWORD).statusCode(),
                "and signing in goes on there");
    }

    private static int serve(ServerSocket server, String kind) {
        upstreams.add(server);
        accept(server, kind, null);
        return server.getLocalPort();
    }

    /** Answers every connection {@code server} takes, each on a thread of its own; {@code kept} collects them. */
    private static void accept(ServerSocket server, String kind, List<Socket> kept) {
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    if (kept != null) {
                        kept.add(socket);
                    }
                    Thread connection = new Thread(() -> answer(socket, kind));
                    connection.setDaemon(true);
                    connection.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void answer(Socket socket, String kind) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            while (readHead(in)) {
                switch (kind) {
                    case "garbage" -> {
                        out.write("THIS IS NOT HTTP\r\n\u0000\u0001\u0002\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        return;
                    }
                    case "silent" -> Thread.sleep(60_000);
                    default -> {
                        out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                }
            }
        } catch (IOException | InterruptedException ended) {
            // the connection ends
        }
    }

    /** Reads a request head (these requests have no body); false at the end of the stream. */
    private static boolean readHead(InputStream in) throws IOException {
        int matched = 0;
        int b;
        while ((b = in.read()) != -1) {
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
            if (matched == 4) {
                return true;
            }
        }
        return false;
    }

    private static void startFragile() throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), fragilePort));
        fragile = server;
        accept(server, "fragile", fragileConnections);
    }

    private static void killFragile() throws IOException {
        fragile.close();
        for (Socket socket : fragileConnections) {
            socket.close();
        }
        fragileConnections.clear();
    }
}
