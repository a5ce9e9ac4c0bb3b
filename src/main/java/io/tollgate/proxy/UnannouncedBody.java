package io.tollgate.proxy;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.streams.WriteStream;

/**
 * The way upstream of an HTTP/2 request body that announced no length. HTTP/2 frames a body
 * itself (RFC 9113 §8.1.1), so whether one follows is only known as the stream goes on: the
 * upstream request is made chunked at the body's first byte, and has no body at all when the
 * stream ends without one (a preflight, a DELETE; a POST, PUT or PATCH then says
 * {@code Content-Length: 0}). Nothing is held back or dropped.
 */
final class UnannouncedBody implements WriteStream<Buffer> {

    private final HttpClientRequest request;
    /** Set once the first byte is on its way; the request's headers have left by then. */
    private boolean framed;

    UnannouncedBody(HttpClientRequest request) {
        this.request = request;
    }

    @Override
    public Future<Void> write(Buffer data) {
        if (!frame(data)) {
            return Future.succeededFuture();
        }
        return request.write(data);
    }

    @Override
    public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
        if (!frame(data)) {
            if (handler != null) {
                handler.handle(Future.succeededFuture());
            }
            return;
        }
        request.write(data, handler);
    }

    /** @return whether {@code data} is to be written: an empty frame before any byte says nothing yet */
    private boolean frame(Buffer data) {
        if (framed) {
            return true;
        }
        if (data.length() == 0) {
            return false;
        }
        framed = true;
        request.setChunked(true);
        return true;
    }

    @Override
    public Future<Void> end() {
        announceNoBody();
        return request.end();
    }

    @Override
    public void end(Handler<AsyncResult<Void>> handler) {
        announceNoBody();
        request.end(handler);
    }

    /**
     * No byte came: a method that defines a meaning for a body says it has none (RFC 9110 §8.6;
     * some servers answer 411 otherwise); others go without framing headers.
     */
    private void announceNoBody() {
        HttpMethod method = request.getMethod();
        if (!framed && (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH)) {
            request.putHeader(HttpHeaders.CONTENT_LENGTH, "0");
        }
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        request.exceptionHandler(handler);
        return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        request.setWriteQueueMaxSize(maxSize);
        return this;
    }

    @Override
    public boolean writeQueueFull() {
        return request.writeQueueFull();
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        request.drainHandler(handler);
        return this;
    }
}
