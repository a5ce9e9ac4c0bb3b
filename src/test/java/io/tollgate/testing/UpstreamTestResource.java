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
 * <li>{@code localhost/ws} → alpha, for WebSocket clients that cannot choose their Host header</li>
 * <li>{@code tiny.test} → gamma with a single pooled connection and a 1 s timeout</li>
 * <li>{@code slow.test} → alpha with a 1 s timeout; {@code down.test} → a port nobody listens on</li>
 * </ul>
 */
public class UpstreamTestResource implements QuarkusTestResourceLifecycleManager {

    private static Vertx vertx;
    private static TestUpstream alpha;
    private static TestUpstream beta;
    private static TestUpstream gamma;
    private static int downPort;

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

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        alpha = TestUpstream.start(vertx, "alpha", 0);
        beta = TestUpstream.start(vertx, "beta", 0);
        gamma = TestUpstream.start(vertx, "gamma", 0);
        downPort = EmbeddedStores.freePort();
        Map<String, String> config = new HashMap<>();
        route(config, "alpha", "alpha.test", "/", alpha.url(), "bypass");
        route(config, "alpha-api", "alpha.test", "/api", beta.url(), "bypass");
        route(config, "alpha-private", "alpha.test", "/private", alpha.url(), "deny");
        route(config, "alpha-secure", "alpha.test", "/secure", alpha.url(), "two_factor");
        route(config, "wild", "*.wild.test", "/", beta.url(), "bypass");
        route(config, "kept", "kept.test", "/", alpha.url(), "bypass");
        config.put("tollgate.routes.kept.preserve-host", "true");
        route(config, "slow", "slow.test", "/", alpha.url(), "bypass");
        config.put("tollgate.routes.slow.timeout", "1s");
        route(config, "local-ws", "localhost", "/ws", alpha.url(), "bypass");
        route(config, "tiny", "tiny.test", "/", gamma.url(), "bypass");
        config.put("tollgate.routes.tiny.pool-size", "1");
        config.put("tollgate.routes.tiny.timeout", "1s");
        route(config, "down", "down.test", "/", "http://127.0.0.1:" + downPort, "bypass");
        config.put("tollgate.routes.down.timeout", "2s");
        return config;
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
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
