package io.tollgate.proxy;

import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

/**
 * An upstream that answers with bytes written by the test, for answers no HTTP server library
 * would give (a 101 without a handshake, early answers, forbidden cookies). It reads requests
 * as HTTP on every connection for as long as the connection lives, also after a 101, as a
 * server would that never switched protocols, and records every request head it reads.
 */
final class RawUpstream implements AutoCloseable {

    /** Answers one request head on its connection. */
    interface Answer {
        void answer(NetSocket socket, String head);
    }

    private final NetServer server;
    private final List<String> heads = new CopyOnWriteArrayList<>();

    private RawUpstream(Vertx vertx, int port, Answer answer) throws Exception {
        server = vertx.createNetServer().connectHandler(socket -> {
            StringBuilder pending = new StringBuilder();
            socket.handler(bytes -> {
                pending.append(bytes.toString(StandardCharsets.ISO_8859_1));
                int end;
                while ((end = pending.indexOf("\r\n\r\n")) >= 0) {
                    String head = pending.substring(0, end);
                    pending.delete(0, end + 4);
                    heads.add(head);
                    answer.answer(socket, head);
                }
            });
        });
        listen(port);
    }

    /** The previous test's server on the same port may take a moment to let it go. */
    private void listen(int port) throws Exception {
        for (int attempt = 1;; attempt++) {
            try {
                server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof BindException) || attempt == 20) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    static RawUpstream start(Vertx vertx, int port, Answer answer) throws Exception {
        return new RawUpstream(vertx, port, answer);
    }

    /** The request heads read so far, on all connections, in order. */
    List<String> heads() {
        return heads;
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
