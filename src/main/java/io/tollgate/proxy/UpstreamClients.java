package io.tollgate.proxy;

import io.tollgate.gate.Route;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

/**
 * One keep-alive connection pool per upstream, shared by the routes that lead to it, plus a
 * separate client for WebSocket tunnels, which hold their connection for their whole life
 * and must not starve ordinary requests.
 */
final class UpstreamClients {

    /** Tunnels are bounded by what the upstream accepts, not by the request pool. */
    static final int WEBSOCKET_POOL_SIZE = 10_000;

    record Pair(HttpClient requests, HttpClient webSockets) {
    }

    private final Map<URI, Pair> byUpstream = new HashMap<>();

    UpstreamClients(Vertx vertx, List<Route> routes) {
        Map<URI, List<Route>> grouped = new HashMap<>();
        for (Route route : routes) {
            if (!route.hasUpstream()) {
                continue;
            }
            grouped.computeIfAbsent(route.upstream(), u -> new ArrayList<>()).add(route);
        }
        grouped.forEach((upstream, sharing) -> {
            int poolSize = sharing.stream().mapToInt(Route::poolSize).max().orElse(1);
            Duration keepAlive = sharing.stream().map(Route::keepAliveTimeout).min(Duration::compareTo).orElseThrow();
            byUpstream.put(upstream, new Pair(
                    vertx.createHttpClient(options(sharing.get(0), keepAlive), new PoolOptions().setHttp1MaxSize(poolSize)),
                    vertx.createHttpClient(options(sharing.get(0), keepAlive),
                            new PoolOptions().setHttp1MaxSize(WEBSOCKET_POOL_SIZE))));
        });
    }

    Pair forUpstream(URI upstream) {
        return byUpstream.get(upstream);
    }

    Future<Void> closeAll() {
        Collection<Pair> pairs = byUpstream.values();
        return Future.join(pairs.stream().flatMap(p -> Stream.of(p.requests().close(),
                p.webSockets().close())).toList()).mapEmpty();
    }

    private static HttpClientOptions options(Route route, Duration keepAlive) {
        return new HttpClientOptions()
                .setKeepAlive(true)
                // Close idle connections before the upstream does (many close after 5 s), or a
                // request may be sent on a connection the upstream is closing.
                .setKeepAliveTimeout((int) Math.max(1, keepAlive.toSeconds()))
                .setSsl(route.upstreamIsTls())
                .setForceSni(route.upstreamIsTls())
                .setDecompressionSupported(false);
    }
}
