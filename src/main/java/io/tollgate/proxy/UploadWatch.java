package io.tollgate.proxy;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A request body on its way upstream, watched for silence: a client that stops sending in
 * the middle of an upload would otherwise hold a pooled upstream connection for ever. One
 * timer, re-armed for the time left, runs only while the upload does; it is cancelled when
 * the upload ends, when the client goes away and when the exchange ends for any other reason
 * ({@link #stop()}), so nothing of the exchange is kept alive after it.
 */
final class UploadWatch implements ReadStream<Buffer> {

    private final Vertx vertx;
    private final ReadStream<Buffer> delegate;
    private final long timeoutMillis;
    /** Dropped once the watch stops, so that a late timer keeps nothing of the exchange. */
    private Runnable onEnd;
    private Runnable onStall;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean ended;
    private long timer = -1;
    private boolean stopped;

    /**
     * @param onEnd runs when the client has sent the whole body
     * @param onStall runs when the client has sent nothing for {@code timeoutMillis}
     */
    UploadWatch(Vertx vertx, ReadStream<Buffer> delegate, long timeoutMillis, Runnable onEnd, Runnable onStall) {
        this.vertx = vertx;
        this.delegate = delegate;
        this.timeoutMillis = timeoutMillis;
        this.onEnd = onEnd;
        this.onStall = onStall;
    }

    synchronized void start() {
        if (!stopped && timer == -1) {
            timer = vertx.setTimer(timeoutMillis, id -> check());
        }
    }

    /** Cancels the timer; idempotent. */
    synchronized void stop() {
        stopped = true;
        onEnd = null;
        onStall = null;
        if (timer != -1) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    boolean ended() {
        return ended;
    }

    /** True while the timer is armed; for tests. */
    synchronized boolean watching() {
        return timer != -1;
    }

    long silentMillis() {
        return (System.nanoTime() - lastActivity) / 1_000_000;
    }

    private void check() {
        Runnable stall;
        synchronized (this) {
            timer = -1;
            if (stopped) {
                return;
            }
            long silent = silentMillis();
            if (silent < timeoutMillis) {
                timer = vertx.setTimer(Math.max(1, timeoutMillis - silent), id -> check());
                return;
            }
            stall = onStall;
        }
        stop();
        stall.run();
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        if (handler == null) {
            delegate.exceptionHandler(null);
        } else {
            delegate.exceptionHandler(failure -> {
                // The client went away or broke the framing: nothing left to watch.
                stop();
                handler.handle(failure);
            });
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        if (handler == null) {
            delegate.handler(null);
        } else {
            delegate.handler(chunk -> {
                lastActivity = System.nanoTime();
                handler.handle(chunk);
            });
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        delegate.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        delegate.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        delegate.fetch(amount);
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        if (endHandler == null) {
            delegate.endHandler(null);
        } else {
            delegate.endHandler(v -> {
                ended = true;
                Runnable end;
                synchronized (this) {
                    end = onEnd;
                }
                stop();
                if (end != null) {
                    end.run();
                }
                endHandler.handle(v);
            });
        }
        return this;
    }
}
