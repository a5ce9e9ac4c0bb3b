package io.tollgate.testing;

import java.util.function.Supplier;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Starts a client exchange on an event loop, for tests that must see its first bytes.
 * <p>
 * A Vert.x response or WebSocket does not keep what arrives before its handlers are set: a
 * chunk or message that finds no handler is dropped. Handlers attached from the test thread
 * (as in {@code client.request(...).compose(...).onSuccess(r -> r.handler(...))}) race the
 * network: when the test thread is descheduled for a few milliseconds between starting the
 * exchange and attaching them, the answer has already come and its first chunk is lost. Run on
 * the event loop instead, the whole chain is attached before that loop can handle any event of
 * the exchange, so every handler is in place in time.
 */
public final class OnEventLoop {

    private OnEventLoop() {
    }

    /**
     * Runs {@code exchange} on an event loop of {@code vertx} and returns what it returns; the
     * handlers it attaches are set before anything of the exchange is handled.
     */
    public static <T> Future<T> start(Vertx vertx, Supplier<Future<T>> exchange) {
        Promise<T> result = Promise.promise();
        vertx.runOnContext(v -> {
            try {
                exchange.get().onComplete(result);
            } catch (RuntimeException e) {
                result.tryFail(e);
            }
        });
        return result.future();
    }
}
