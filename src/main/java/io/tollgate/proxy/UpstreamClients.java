package io.tollgate.proxy;

import io.tollgate.gate.Route;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.impl.VertxInternal;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * One keep-alive connection pool per upstream, shared by the routes that lead to it, plus a
 * separate client for WebSocket tunnels, which hold their connection for their whole life
 * and must not starve ordinary requests. The request pool is split by event loop: each loop
 * has a client of its own, so a request is sent on a connection of the loop that serves its
 * client (a pool shared by every loop hands connections across threads, which costs a wake-up
 * of the other loop per exchange, raised p99 and showed as stray errors under load).
 */
final class UpstreamClients {

    /** Tunnels are bounded by what the upstream accepts, not by the request pool. */
    static final int WEBSOCKET_POOL_SIZE = 10_000;

    record Pair(PerEventLoop requests, HttpClient webSockets) {
    }

    /**
     * The clients of one upstream, one per event loop, made the first time a loop sends to
     * it. The route's pool size is shared out over the loops so that the total is exactly
     * the configured size; a pool smaller than the number of loops stays one shared client,
     * so that its bound holds.
     */
    static final class PerEventLoop {
        private final FastThreadLocal<HttpClient> local;
        private final HttpClient shared;
        private final Queue<HttpClient> all = new ConcurrentLinkedQueue<>();

        PerEventLoop(Vertx vertx, HttpClientOptions options, int poolSize, int eventLoops) {
            if (poolSize < eventLoops) {
                this.shared = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(poolSize));
                this.local = null;
                all.add(shared);
                return;
            }
            this.shared = null;
            AtomicInteger made = new AtomicInteger();
            this.local = new FastThreadLocal<>() {
                @Override
                protected HttpClient initialValue() {
                    // The first (size mod loops) loops take one connection more than the others.
                    int index = made.getAndIncrement();
                    int size = poolSize / eventLoops + (index < poolSize % eventLoops ? 1 : 0);
                    HttpClient client = vertx.createHttpClient(options,
                            new PoolOptions().setHttp1MaxSize(Math.max(1, size)));
                    all.add(client);
                    return client;
                }
            };
        }

        /** The client of the calling event loop. */
        HttpClient current() {
            return shared != null ? shared : local.get();
        }

        Future<Void> closeAll() {
            return Future.join(all.stream().map(HttpClient::close).toList()).mapEmpty();
        }
    }

    private final Map<URI, Pair> byUpstream = new HashMap<>();

    UpstreamClients(Vertx vertx, List<Route> routes) {
        int eventLoops = eventLoops(vertx);
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
                    new PerEventLoop(vertx, options(sharing.get(0), keepAlive), poolSize, eventLoops),
                    vertx.createHttpClient(options(sharing.get(0), keepAlive),
                            new PoolOptions().setHttp1MaxSize(WEBSOCKET_POOL_SIZE))));
        });
    }

    Pair forUpstream(URI upstream) {
        return byUpstream.get(upstream);
    }

    Future<Void> closeAll() {
        Collection<Pair> pairs = byUpstream.values();
        return Future.join(pairs.stream().flatMap(p -> Stream.of(p.requests().closeAll(),
                p.webSockets().close())).toList()).mapEmpty();
    }

    private static int eventLoops(Vertx vertx) {
        int count = 0;
        for (EventExecutor ignored : ((VertxInternal) vertx).getEventLoopGroup()) {
            count++;
        }
        return Math.max(1, count);
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
