package io.tollgate.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tollgate.devstack.EmbeddedStores;
import io.vertx.core.Vertx;

/**
 * Real upstream HTTP servers and the routes that lead to them:
 * <ul>
 * <li>{@code alpha.test} → alpha (bypass); {@code alpha.test/api} → beta (more specific prefix);
 * {@code alpha.test/private} denied; {@code alpha.test/secure} needs two factors</li>
 * <li>{@code *.wild.test} → beta; {@code kept.test} → alpha with the client's Host preserved</li>
 * <li>{@code localhost/ws} → alpha, for WebSocket clients that cannot choose their Host header;
 * {@code localhost/app} → alpha with two factors, for the browser tests (same reason);
 * {@code localhost/demo} → the dev stack's demo application with two factors, for the product tour;
 * {@code readme.test} → the same with the dev stack's routes ({@code /private} denied), for the README tour</li>
 * <li>bearer tokens of {@link TestTokens}' issuer: {@code alpha.test/own-tokens} (two factors)
 * leaves them to its upstream, {@code alpha.test/ops} (two factors) takes them from the groups ops and sre only</li>
 * <li>{@code tiny.test} → gamma with a single pooled connection and a 1 s timeout</li>
 * <li>{@code slow.test} → alpha with a 1 s timeout; {@code down.test} → a port nobody listens on</li>
 * <li>{@code strict.test} → the {@link RecordingUpstream}: {@code /} bypass, {@code /admin} denied,
 * {@code /account} needs two factors, and an access rule denies {@code /docs/internal}</li>
 * <li>{@code alpha.test/office} needs one factor; access rules under {@code alpha.test/secure}: {@code /open}
 * bypass, {@code /remote} bypass from 10.0.0.0/8 only, {@code /lan} one factor from the loopback,
 * {@code /admin} denied to POST and DELETE</li>
 * </ul>
 */
public class UpstreamTestResource implements QuarkusTestResourceLifecycleManager {

    private static Vertx vertx;
    private static TestUpstream alpha;
    private static TestUpstream beta;
    private static TestUpstream gamma;
    private static int downPort;
    private static RecordingUpstream recorder;
    private static io.vertx.core.http.HttpServer demo;

    /** The upstream of {@code strict.test}, which records every request it parses. */
    public static RecordingUpstream recorder() {
        return recorder;
    }

    public static TestUpstream alpha() {
        return alpha;
    }

    public static TestUpstream beta() {
        return beta;
    }

    /** The port of the route {@code down.test}; nothing listens there unless a test starts something. */
    public static int downPort() {
        return downPort;
    }

    public static Vertx vertx() {
        return vertx;
    }

    /**
     * A free port below the kernel's ephemeral range: tests listen on the down route's port long
     * after it was chosen, and a port from that range may meanwhile be the local end of one of the
     * gateway's own connections (to Redis, PostgreSQL or an upstream), which makes the listen fail.
     */
    static int portNoConnectionTakes() {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20_000 + random.nextInt(12_000);
            try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (java.io.IOException taken) {
                // try another
            }
        }
        return EmbeddedStores.freePort();
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        alpha = TestUpstream.start(vertx, "alpha", 0);
        beta = TestUpstream.start(vertx, "beta", 0);
        gamma = TestUpstream.start(vertx, "gamma", 0);
        recorder = RecordingUpstream.start();
        downPort = portNoConnectionTakes();
        Map<String, String> config = new HashMap<>();
        route(config, "alpha", "alpha.test", "/", alpha.url(), "bypass");
        route(config, "alpha-api", "alpha.test", "/api", beta.url(), "bypass");
        route(config, "alpha-private", "alpha.test", "/private", alpha.url(), "deny");
        route(config, "alpha-secure", "alpha.test", "/secure", alpha.url(), "two_factor");
        route(config, "alpha-office", "alpha.test", "/office", alpha.url(), "one_factor");
        route(config, "wild", "*.wild.test", "/", beta.url(), "bypass");
        // Access rules refining those routes (first match wins); the tests connect from 127.0.0.1.
        rule(config, 0, "open", null, "alpha.test", "^/secure/open(/.*)?$", null);
        rule(config, 1, "bypass", "10.0.0.0/8", null, "^/secure/remote(/.*)?$", null);
        rule(config, 2, "one_factor", "127.0.0.0/8, ::1", null, "^/secure/lan(/.*)?$", null);
        rule(config, 3, "deny", null, null, "^/secure/admin(/.*)?$", "POST, DELETE");
        rule(config, 4, "deny", null, "strict.test", "^/docs/internal(/.*)?$", null);
        route(config, "strict", "strict.test", "/", recorder.url(), "bypass");
        route(config, "strict-admin", "strict.test", "/admin", recorder.url(), "deny");
        route(config, "strict-account", "strict.test", "/account", recorder.url(), "two_factor");
        route(config, "kept", "kept.test", "/", alpha.url(), "bypass");
        config.put("tollgate.routes.kept.preserve-host", "true");
        route(config, "slow", "slow.test", "/", alpha.url(), "bypass");
        config.put("tollgate.routes.slow.timeout", "1s");
        route(config, "local-ws", "localhost", "/ws", alpha.url(), "bypass");
        route(config, "local-app", "localhost", "/app", alpha.url(), "two_factor");
        // The dev stack's demo application, for the product tour's pictures.
        demo = io.tollgate.devstack.DemoUpstream.start(vertx, 0);
        route(config, "local-demo", "localhost", "/demo", "http://127.0.0.1:" + demo.actualPort(), "two_factor");
        // The dev stack's routes, on a host of their own, for the README tour's test.
        route(config, "readme", "readme.test", "/", "http://127.0.0.1:" + demo.actualPort(), "two_factor");
        route(config, "readme-private", "readme.test", "/private", "http://127.0.0.1:" + demo.actualPort(), "deny");
        route(config, "tiny", "tiny.test", "/", gamma.url(), "bypass");
        config.put("tollgate.routes.tiny.pool-size", "1");
        config.put("tollgate.routes.tiny.timeout", "1s");
        route(config, "down", "down.test", "/", "http://127.0.0.1:" + downPort, "bypass");
        config.put("tollgate.routes.down.timeout", "2s");
        // Bearer callers: the tests' issuer; a route that leaves tokens to its upstream, one for a group only.
        config.put("tollgate.bearer.issuers.test.issuer", TestTokens.ISSUER);
        config.put("tollgate.bearer.issuers.test.public-key-location", TestTokens.publicKeyFile().toString());
        config.put("tollgate.bearer.issuers.test.audiences", TestTokens.AUDIENCE);
        route(config, "alpha-own-tokens", "alpha.test", "/own-tokens", alpha.url(), "two_factor");
        config.put("tollgate.routes.alpha-own-tokens.accept-bearer", "false");
        route(config, "alpha-ops", "alpha.test", "/ops", alpha.url(), "two_factor");
        config.put("tollgate.routes.alpha-ops.bearer-groups", "ops, sre");
        return config;
    }

    private static void rule(Map<String, String> config, int index, String action, String networks, String hosts,
            String path, String methods) {
        String key = "tollgate.access-rules[" + index + "].";
        config.put(key + "action", action.equals("open") ? "bypass" : action);
        if (networks != null) {
            config.put(key + "networks", networks);
        }
        if (hosts != null) {
            config.put(key + "hosts", hosts);
        }
        config.put(key + "path", path);
        if (methods != null) {
            config.put(key + "methods", methods);
        }
    }

    private static void route(Map<String, String> config, String name, String host, String prefix, String upstream,
            String policy) {
        String key = "tollgate.routes." + name + ".";
        config.put(key + "host", host);
        config.put(key + "path-prefix", prefix);
        config.put(key + "upstream", upstream);
        config.put(key + "policy", policy);
    }

    @Override
    public void stop() {
        if (recorder != null) {
            recorder.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
