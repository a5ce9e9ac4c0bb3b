package io.tollgate.proxy;

import java.util.function.Function;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.StreamPriority;
import io.vertx.core.net.HostAndPort;

/**
 * A request to an upstream whose reset cannot reach the next exchange on its pooled
 * connection. Vert.x 4.5 closes the connection when a request is reset after its response
 * has arrived, although by then the pool may have lent that connection to another request
 * (eclipse-vertx/vert.x#6294): a client leaving just as its answer was being written would
 * fail someone else's request with 502. So once this request is sent and its answer has
 * begun, a reset only reads the rest of the answer and drops it, which frees the connection
 * as usual; an answer still running after {@link #DRAIN_MILLIS} is really reset, and then the
 * connection is still this request's own. Every other call goes to the Vert.x request.
 */
@SuppressWarnings("deprecation")
final class UpstreamRequest implements HttpClientRequest {

    /** How long an abandoned answer may take to finish before its connection is closed. */
    static final long DRAIN_MILLIS = 1_000;

    private final Vertx vertx;
    private final HttpClientRequest delegate;
    private volatile boolean ended;
    private boolean abandoned;

    UpstreamRequest(Vertx vertx, HttpClientRequest delegate) {
        this.vertx = vertx;
        this.delegate = delegate;
    }

    @Override
    public boolean reset(long code) {
        return reset(code, null);
    }

    /**
     * @return true when the exchange is aborted, or its answer is now being drained; false when
     *         there was nothing left to abort
     */
    @Override
    public boolean reset(long code, Throwable cause) {
        Future<HttpClientResponse> answer = delegate.response();
        if (!ended || !answer.succeeded()) {
            // Still sending, or no answer yet: the connection carries this exchange alone.
            return cause == null ? delegate.reset(code) : delegate.reset(code, cause);
        }
        synchronized (this) {
            if (abandoned) {
                return false;
            }
            abandoned = true;
        }
        HttpClientResponse response = answer.result();
        Future<Void> end;
        try {
            end = response.end();
        } catch (IllegalStateException alreadyEnded) {
            // The whole answer has been handed over: the exchange is over, nothing to abort.
            return false;
        }
        if (end.isComplete()) {
            return false;
        }
        long timer = vertx.setTimer(DRAIN_MILLIS, id -> {
            if (!end.isComplete()) {
                delegate.reset(code);
            }
        });
        end.onComplete(done -> vertx.cancelTimer(timer));
        response.resume();
        return true;
    }

    /** Resets the exchange whatever its stage: for a timeout, where the connection is this exchange's. */
    void abort(Throwable cause) {
        delegate.reset(0, cause);
    }

    @Override
    public Future<HttpClientResponse> response() {
        return delegate.response();
    }

    @Override
    public Future<Void> end() {
        ended = true;
        return delegate.end();
    }

    @Override
    public void end(Handler<AsyncResult<Void>> handler) {
        ended = true;
        delegate.end(handler);
    }

    @Override
    public Future<Void> end(Buffer chunk) {
        ended = true;
        return delegate.end(chunk);
    }

    @Override
    public void end(Buffer chunk, Handler<AsyncResult<Void>> handler) {
        ended = true;
        delegate.end(chunk, handler);
    }

    @Override
    public Future<Void> end(String chunk) {
        ended = true;
        return delegate.end(chunk);
    }

    @Override
    public void end(String chunk, Handler<AsyncResult<Void>> handler) {
        ended = true;
        delegate.end(chunk, handler);
    }

    @Override
    public Future<Void> end(String chunk, String enc) {
        ended = true;
        return delegate.end(chunk, enc);
    }

    @Override
    public void end(String chunk, String enc, Handler<AsyncResult<Void>> handler) {
        ended = true;
        delegate.end(chunk, enc, handler);
    }

    @Override
    public int streamId() {
        return delegate.streamId();
    }

    @Override
    public HttpClientRequest setStreamPriority(StreamPriority priority) {
        delegate.setStreamPriority(priority);
        return this;
    }

    // Everything else is the Vert.x request's own.

    @Override
    public HttpVersion version() {
        return delegate.version();
    }

    @Override
    public HttpMethod getMethod() {
        return delegate.getMethod();
    }

    @Override
    public void write(String a0, Handler<AsyncResult<Void>> a1) {
        delegate.write(a0, a1);
    }

    @Override
    public void write(String a0, String a1, Handler<AsyncResult<Void>> a2) {
        delegate.write(a0, a1, a2);
    }

    @Override
    public Future<Void> write(String a0) {
        return delegate.write(a0);
    }

    @Override
    public Future<Void> write(String a0, String a1) {
        return delegate.write(a0, a1);
    }

    @Override
    public void connect(Handler<AsyncResult<HttpClientResponse>> a0) {
        delegate.connect(a0);
    }

    @Override
    public Future<HttpClientResponse> connect() {
        return delegate.connect();
    }

    @Override
    public HttpClientRequest authority(HostAndPort a0) {
        delegate.authority(a0);
        return this;
    }

    @Override
    public String query() {
        return delegate.query();
    }

    @Override
    public String path() {
        return delegate.path();
    }

    @Override
    public String getHost() {
        return delegate.getHost();
    }

    @Override
    public int getPort() {
        return delegate.getPort();
    }

    @Override
    public HttpConnection connection() {
        return delegate.connection();
    }

    @Override
    public HttpClientRequest setMethod(HttpMethod a0) {
        delegate.setMethod(a0);
        return this;
    }

    @Override
    public HttpClientRequest exceptionHandler(Handler<Throwable> a0) {
        delegate.exceptionHandler(a0);
        return this;
    }

    @Override
    public HttpClientRequest setWriteQueueMaxSize(int a0) {
        delegate.setWriteQueueMaxSize(a0);
        return this;
    }

    @Override
    public HttpClientRequest drainHandler(Handler<Void> a0) {
        delegate.drainHandler(a0);
        return this;
    }

    @Override
    public HttpClientRequest setHost(String a0) {
        delegate.setHost(a0);
        return this;
    }

    @Override
    public HttpClientRequest setPort(int a0) {
        delegate.setPort(a0);
        return this;
    }

    @Override
    public HttpClientRequest setFollowRedirects(boolean a0) {
        delegate.setFollowRedirects(a0);
        return this;
    }

    @Override
    public boolean isFollowRedirects() {
        return delegate.isFollowRedirects();
    }

    @Override
    public HttpClientRequest setMaxRedirects(int a0) {
        delegate.setMaxRedirects(a0);
        return this;
    }

    @Override
    public int getMaxRedirects() {
        return delegate.getMaxRedirects();
    }

    @Override
    public int numberOfRedirections() {
        return delegate.numberOfRedirections();
    }

    @Override
    public HttpClientRequest setChunked(boolean a0) {
        delegate.setChunked(a0);
        return this;
    }

    @Override
    public boolean isChunked() {
        return delegate.isChunked();
    }

    @Override
    public String absoluteURI() {
        return delegate.absoluteURI();
    }

    @Override
    public String getURI() {
        return delegate.getURI();
    }

    @Override
    public HttpClientRequest setURI(String a0) {
        delegate.setURI(a0);
        return this;
    }

    @Override
    public MultiMap headers() {
        return delegate.headers();
    }

    @Override
    public HttpClientRequest putHeader(CharSequence a0, Iterable<CharSequence> a1) {
        delegate.putHeader(a0, a1);
        return this;
    }

    @Override
    public HttpClientRequest putHeader(String a0, Iterable<String> a1) {
        delegate.putHeader(a0, a1);
        return this;
    }

    @Override
    public HttpClientRequest putHeader(CharSequence a0, CharSequence a1) {
        delegate.putHeader(a0, a1);
        return this;
    }

    @Override
    public HttpClientRequest putHeader(String a0, String a1) {
        delegate.putHeader(a0, a1);
        return this;
    }

    @Override
    public String traceOperation() {
        return delegate.traceOperation();
    }

    @Override
    public HttpClientRequest traceOperation(String a0) {
        delegate.traceOperation(a0);
        return this;
    }

    @Override
    public HttpClientRequest continueHandler(Handler<Void> a0) {
        delegate.continueHandler(a0);
        return this;
    }

    @Override
    public HttpClientRequest earlyHintsHandler(Handler<MultiMap> a0) {
        delegate.earlyHintsHandler(a0);
        return this;
    }

    @Override
    public HttpClientRequest redirectHandler(Function<HttpClientResponse, Future<HttpClientRequest>> a0) {
        delegate.redirectHandler(a0);
        return this;
    }

    @Override
    public Future<Void> sendHead() {
        return delegate.sendHead();
    }

    @Override
    public HttpClientRequest sendHead(Handler<AsyncResult<Void>> a0) {
        delegate.sendHead(a0);
        return this;
    }

    @Override
    public HttpClientRequest response(Handler<AsyncResult<HttpClientResponse>> a0) {
        delegate.response(a0);
        return this;
    }

    @Override
    public HttpClientRequest setTimeout(long a0) {
        delegate.setTimeout(a0);
        return this;
    }

    @Override
    public HttpClientRequest pushHandler(Handler<HttpClientRequest> a0) {
        delegate.pushHandler(a0);
        return this;
    }

    @Override
    public HttpClientRequest writeCustomFrame(int a0, int a1, Buffer a2) {
        delegate.writeCustomFrame(a0, a1, a2);
        return this;
    }

    @Override
    public StreamPriority getStreamPriority() {
        return delegate.getStreamPriority();
    }

    @Override
    public void write(Buffer a0, Handler<AsyncResult<Void>> a1) {
        delegate.write(a0, a1);
    }

    @Override
    public Future<Void> write(Buffer a0) {
        return delegate.write(a0);
    }

    @Override
    public boolean writeQueueFull() {
        return delegate.writeQueueFull();
    }
}
