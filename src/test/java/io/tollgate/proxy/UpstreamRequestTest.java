package io.tollgate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.tollgate.testing.OnEventLoop;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * A reset that comes after the answer has begun must never close a pooled connection that
 * already carries the next exchange; before the answer, it still aborts the exchange.
 * One pooled connection, so that every request of a test travels on the same one.
 */
class UpstreamRequestTest {

    private static Vertx vertx;
    private static HttpServer server;
    private static final Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger closed = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().connectionHandler(connection -> {
            connections.add(connection);
            connection.closeHandler(v -> closed.incrementAndGet());
        }).requestHandler(request -> {
            HttpServerResponse response = request.response();
            switch (request.path()) {
                case "/quick" -> response.end("quick");
                case "/late" -> vertx.setTimer(300, id -> response.end("late"));
                case "/endless" -> {
                    // Streams until the connection goes.
                    response.setChunked(true);
                    long timer = vertx.setPeriodic(20, id -> response.write("more "));
                    response.closeHandler(v -> vertx.cancelTimer(timer));
                }
                case "/never" -> {
                    // Answers nothing.
                }
                default -> response.setStatusCode(404).end();
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static HttpClient onePooledConnection() {
        return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(1));
    }

    private static RequestOptions get(String path) {
        return new RequestOptions().setHost("127.0.0.1").setPort(server.actualPort()).setURI(path);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aLateResetLeavesTheNextExchangeOnTheConnectionAlone() throws Exception {
        HttpClient client = onePooledConnection();
        try {
            UpstreamRequest first = await(OnEventLoop.start(vertx, () -> client.request(get("/quick"))
                    .map(request -> new UpstreamRequest(vertx, request))
                    .compose(request -> request.send().compose(r -> r.body()).map(body -> request))));
            int closedBefore = closed.get();
            // The only connection now carries the next request; the first one is reset meanwhile.
            Future<String> second = OnEventLoop.start(vertx, () -> client.request(get("/late"))
                    .compose(request -> request.send().compose(r -> r.body()).map(Object::toString)));
            Thread.sleep(100);
            assertFalse(await(OnEventLoop.start(vertx, () -> Future.succeededFuture(first.reset()))),
                    "a finished exchange has nothing to abort");
            assertEquals("late", await(second));
            assertEquals(closedBefore, closed.get(), "no connection may be closed by the late reset");
        } finally {
            await(client.close());
        }
    }

    @Test
    void aResetBeforeTheAnswerAbortsTheExchange() throws Exception {
        HttpClient client = onePooledConnection();
        try {
            int closedBefore = closed.get();
            CountDownLatch failed = new CountDownLatch(1);
            await(OnEventLoop.start(vertx, () -> client.request(get("/never")).map(request -> {
                UpstreamRequest upstream = new UpstreamRequest(vertx, request);
                upstream.send().onFailure(e -> failed.countDown());
                vertx.setTimer(100, id -> upstream.reset());
                return upstream;
            })));
            assertTrue(failed.await(10, TimeUnit.SECONDS), "the exchange must fail");
            waitFor(() -> closed.get() > closedBefore, "the connection must be closed");
        } finally {
            await(client.close());
        }
    }

    @Test
    void aResetAfterTheAnswerBeganDrainsAShortAnswerAndKeepsTheConnection() throws Exception {
        HttpClient client = onePooledConnection();
        try {
            int closedBefore = closed.get();
            boolean drained = await(OnEventLoop.start(vertx, () -> client.request(get("/quick"))
                    .map(request -> new UpstreamRequest(vertx, request))
                    .compose(request -> request.send().map(response -> {
                        // The answer is left unread, as when the client has gone away.
                        response.pause();
                        return request.reset();
                    }))));
            assertTrue(drained, "the reset must be taken over by draining the answer");
            assertEquals("late", await(OnEventLoop.start(vertx, () -> client.request(get("/late"))
                    .compose(request -> request.send().compose(r -> r.body()).map(Object::toString)))));
            assertEquals(closedBefore, closed.get(), "the drained connection serves the next request");
        } finally {
            await(client.close());
        }
    }

    @Test
    void anAnswerThatDoesNotEndIsResetAfterTheDrainTime() throws Exception {
        HttpClient client = onePooledConnection();
        try {
            int closedBefore = closed.get();
            await(OnEventLoop.start(vertx, () -> client.request(get("/endless"))
                    .map(request -> new UpstreamRequest(vertx, request))
                    .compose(request -> request.send().map(response -> {
                        request.reset();
                        return request;
                    }))));
            waitFor(() -> closed.get() > closedBefore, "an endless answer must lose its connection");
        } finally {
            await(client.close());
        }
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertFalse(System.nanoTime() > deadline, what);
            Thread.sleep(20);
        }
    }
}
