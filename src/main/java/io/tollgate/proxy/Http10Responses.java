package io.tollgate.proxy;

import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * HTTP/1.0 clients cannot receive chunked bodies, so a streamed upstream answer must be sent
 * to them with a Content-Length, that is, held whole first: up to {@link #LIMIT} and refused
 * beyond, so that an HTTP/1.0 request cannot make the gateway buffer a large download.
 */
final class Http10Responses {

    static final int LIMIT = 1024 * 1024;

    /** All HTTP/1.0 answers being held at once share this budget. */
    static final long TOTAL_LIMIT = 16L * 1024 * 1024;

    private static final AtomicLong HELD = new AtomicLong();

    /** Thrown when the body does not fit; the caller answers 502 instead. */
    static final class TooLarge extends RuntimeException {
        TooLarge(String why) {
            super(why, null, false, false);
        }
    }

    private Http10Responses() {
    }

    /** Reads the (paused) body whole into the given buffer, up to the limit. */
    static Future<Buffer> holdWhole(ReadStream<Buffer> stream, Buffer whole) {
        Promise<Buffer> done = Promise.promise();
        stream.exceptionHandler(done::tryFail);
        stream.endHandler(v -> done.tryComplete(whole));
        stream.handler(chunk -> {
            if (whole.length() + chunk.length() > LIMIT) {
                stop(stream, done, "streamed response larger than " + LIMIT + " bytes for an HTTP/1.0 client");
            } else if (HELD.addAndGet(chunk.length()) > TOTAL_LIMIT) {
                HELD.addAndGet(-chunk.length());
                stop(stream, done, "too many streamed responses held for HTTP/1.0 clients at once");
            } else {
                whole.appendBuffer(chunk);
            }
        });
        stream.resume();
        // The budget is given back once the held body has been handed on, or given up.
        return done.future().onComplete(ar -> HELD.addAndGet(-whole.length()));
    }

    private static void stop(ReadStream<Buffer> stream, Promise<Buffer> done, String why) {
        stream.handler(null);
        stream.endHandler(null);
        done.tryFail(new TooLarge(why));
    }
}
