package io.tollgate.proxy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * HTTP/1.x connections whose next bytes cannot be trusted to start a request: after a request
 * whose body length was refused. Such a connection serves no further request: one already
 * read behind it (pipelined) is dropped unanswered, and the connection is closed once the
 * refusal is sent. HTTP/2 frames every stream on its own and is never marked.
 */
final class UntrustedConnections {

    private final Set<HttpConnection> marked = ConcurrentHashMap.newKeySet();

    /** True when the request arrived on a marked connection: it must not be served. */
    boolean arrivedOnMarked(HttpServerRequest request) {
        return !marked.isEmpty() && marked.contains(request.connection());
    }

    /** Marks the request's connection; false on HTTP/2, which is never marked. */
    boolean mark(HttpServerRequest request) {
        if (request.version() == HttpVersion.HTTP_2) {
            return false;
        }
        marked.add(request.connection());
        return true;
    }

    /** Closes the connection (on the next turn of the event loop) and forgets it once closed. */
    void close(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        Context context = Vertx.currentContext();
        if (context == null) {
            connection.close().onComplete(done -> marked.remove(connection));
        } else {
            context.runOnContext(v -> connection.close().onComplete(done -> marked.remove(connection)));
        }
    }

    /** How many connections are marked now; for tests. */
    int size() {
        return marked.size();
    }
}
