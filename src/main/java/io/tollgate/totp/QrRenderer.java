package io.tollgate.totp;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

/**
 * Draws QR codes on a small worker pool of its own, never on the event loop (encoding and
 * compressing an image is CPU work); the answer comes back on the caller's Vert.x context.
 * Two threads: enrollments are rare, and a burst of them queues instead of taking the cores
 * that sign-ins need.
 */
@ApplicationScoped
public class QrRenderer {

    static final String POOL = "tollgate-qr-rendering";

    private final WorkerExecutor pool;
    private final Function<String, String> draw;

    @Inject
    public QrRenderer(Vertx vertx) {
        this(vertx, QrCodes::pngDataUri);
    }

    QrRenderer(Vertx vertx, Function<String, String> draw) {
        this.pool = vertx.createSharedWorkerExecutor(POOL, 2);
        this.draw = draw;
    }

    /** The text as a QR code in a PNG data URI, for an {@code <img>}. */
    public Uni<String> pngDataUri(String text) {
        return Uni.createFrom().completionStage(() -> pool.executeBlocking(() -> draw.apply(text), false)
                .toCompletionStage());
    }

    void close(@Observes ShutdownEvent event) {
        pool.close();
    }
}
