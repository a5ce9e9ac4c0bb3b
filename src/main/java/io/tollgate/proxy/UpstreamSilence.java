package io.tollgate.proxy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * The exchanges of one event loop that wait on their upstream, checked for silence by one
 * periodic timer per loop rather than a timer per request (arming and cancelling a timer for
 * every request was about 4 % of a proxied request's CPU). An exchange is silent when it has
 * made no progress for its route's timeout: no answer yet, or an answer whose body has not
 * moved. The check runs every {@link #TICK_MILLIS}, so a timeout fires up to that much late.
 * Only the loop's own thread touches its instance.
 */
final class UpstreamSilence {

    static final long TICK_MILLIS = 100;

    private static final FastThreadLocal<UpstreamSilence> PER_LOOP = new FastThreadLocal<>();

    private Exchange[] watched = new Exchange[64];
    private int size;

    private UpstreamSilence() {
    }

    /** The instance of the event loop this runs on; its timer starts with it. */
    static UpstreamSilence ofThisLoop(Vertx vertx) {
        UpstreamSilence silence = PER_LOOP.get();
        if (silence == null) {
            silence = new UpstreamSilence();
            PER_LOOP.set(silence);
            // On the loop's own context: a request's context would be kept alive by the timer.
            UpstreamSilence started = silence;
            ((ContextInternal) vertx.getOrCreateContext()).unwrap().setPeriodic(TICK_MILLIS, id -> started.tick());
        }
        return silence;
    }

    void watch(Exchange exchange) {
        if (exchange.silenceSlot >= 0) {
            return;
        }
        if (size == watched.length) {
            watched = Arrays.copyOf(watched, size * 2);
        }
        exchange.silenceSlot = size;
        exchange.lastProgress = exchange.progress();
        exchange.lastActivityNanos = System.nanoTime();
        watched[size++] = exchange;
    }

    /** Idempotent. */
    void forget(Exchange exchange) {
        int slot = exchange.silenceSlot;
        if (slot < 0) {
            return;
        }
        Exchange last = watched[--size];
        watched[slot] = last;
        last.silenceSlot = slot;
        watched[size] = null;
        exchange.silenceSlot = -1;
    }

    /** How many exchanges are watched now; for tests. */
    int size() {
        return size;
    }

    void tick() {
        long now = System.nanoTime();
        List<Exchange> silent = null;
        for (int i = 0; i < size; i++) {
            Exchange exchange = watched[i];
            long progress = exchange.progress();
            if (progress != exchange.lastProgress) {
                exchange.lastProgress = progress;
                exchange.lastActivityNanos = now;
            } else if (now - exchange.lastActivityNanos >= exchange.timeoutNanos()) {
                silent = silent == null ? new ArrayList<>() : silent;
                silent.add(exchange);
            }
        }
        if (silent != null) {
            for (Exchange exchange : silent) {
                forget(exchange);
                exchange.silent();
            }
        }
    }
}
