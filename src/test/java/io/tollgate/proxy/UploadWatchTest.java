package io.tollgate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/** The upload timer exists only while an upload runs, and every ending cancels it. */
class UploadWatchTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void theEndOfTheUploadCancelsTheTimer() throws Exception {
        FakeBody body = new FakeBody();
        AtomicInteger ended = new AtomicInteger();
        AtomicInteger stalled = new AtomicInteger();
        UploadWatch watch = onContext(() -> {
            UploadWatch w = new UploadWatch(vertx, body, 200, ended::incrementAndGet, stalled::incrementAndGet);
            w.endHandler(v -> { });
            w.handler(chunk -> { });
            w.start();
            return w;
        });
        assertTrue(watch.watching());
        onContext(() -> body.end());
        assertFalse(watch.watching());
        assertTrue(watch.ended());
        Thread.sleep(400);
        assertEquals(1, ended.get());
        assertEquals(0, stalled.get());
    }

    @Test
    void stopCancelsTheTimerAndDropsTheCallbacks() throws Exception {
        FakeBody body = new FakeBody();
        AtomicInteger stalled = new AtomicInteger();
        UploadWatch watch = onContext(() -> {
            UploadWatch w = new UploadWatch(vertx, body, 200, () -> { }, stalled::incrementAndGet);
            w.start();
            return w;
        });
        onContext(() -> {
            watch.stop();
            return null;
        });
        assertFalse(watch.watching());
        Thread.sleep(400);
        assertEquals(0, stalled.get());
    }

    @Test
    void theClientGoingAwayCancelsTheTimer() throws Exception {
        FakeBody body = new FakeBody();
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        UploadWatch watch = onContext(() -> {
            UploadWatch w = new UploadWatch(vertx, body, 200, () -> { }, () -> { });
            w.exceptionHandler(seen::complete);
            w.start();
            return w;
        });
        onContext(() -> body.fail(new IllegalStateException("connection closed")));
        assertFalse(watch.watching());
        assertEquals("connection closed", seen.get(5, TimeUnit.SECONDS).getMessage());
    }

    @Test
    void silenceLongerThanTheTimeoutStallsOnceButChunksKeepItAlive() throws Exception {
        FakeBody body = new FakeBody();
        CompletableFuture<Long> stalledAt = new CompletableFuture<>();
        long started = System.nanoTime();
        UploadWatch watch = onContext(() -> {
            UploadWatch w = new UploadWatch(vertx, body, 300, () -> { },
                    () -> stalledAt.complete((System.nanoTime() - started) / 1_000_000));
            w.handler(chunk -> { });
            w.start();
            return w;
        });
        // A chunk every 100 ms for 600 ms: twice the timeout, never silent for long.
        for (int i = 0; i < 6; i++) {
            Thread.sleep(100);
            onContext(() -> body.send("x"));
        }
        assertFalse(stalledAt.isDone());
        long elapsed = stalledAt.get(5, TimeUnit.SECONDS);
        assertTrue(elapsed >= 600 + 300 - 50, "stalled after " + elapsed + " ms");
        assertFalse(watch.watching());
    }

    private static <T> T onContext(Callable<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            try {
                result.complete(action.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(5, TimeUnit.SECONDS);
    }

    /** A request body the test drives by hand. */
    private static final class FakeBody implements ReadStream<Buffer> {
        private Handler<Buffer> handler;
        private Handler<Void> endHandler;
        private Handler<Throwable> exceptionHandler;

        Void send(String text) {
            handler.handle(Buffer.buffer(text));
            return null;
        }

        Void end() {
            endHandler.handle(null);
            return null;
        }

        Void fail(Throwable failure) {
            exceptionHandler.handle(failure);
            return null;
        }

        @Override
        public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            this.exceptionHandler = handler;
            return this;
        }

        @Override
        public ReadStream<Buffer> handler(Handler<Buffer> handler) {
            this.handler = handler;
            return this;
        }

        @Override
        public ReadStream<Buffer> pause() {
            return this;
        }

        @Override
        public ReadStream<Buffer> resume() {
            return this;
        }

        @Override
        public ReadStream<Buffer> fetch(long amount) {
            return this;
        }

        @Override
        public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
            this.endHandler = endHandler;
            return this;
        }
    }
}
