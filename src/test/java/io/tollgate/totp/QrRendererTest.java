package io.tollgate.totp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** QR codes are drawn on the renderer's worker pool, and the answer comes back on the caller's event loop. */
class QrRendererTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void drawingHappensOnAWorkerThreadNotTheEventLoop() throws Exception {
        CompletableFuture<String> drawnOn = new CompletableFuture<>();
        CompletableFuture<Boolean> drawnOnWorker = new CompletableFuture<>();
        QrRenderer renderer = new QrRenderer(vertx, text -> {
            drawnOn.complete(Thread.currentThread().getName());
            drawnOnWorker.complete(Context.isOnWorkerThread());
            return QrCodes.pngDataUri(text);
        });
        CompletableFuture<String> image = new CompletableFuture<>();
        CompletableFuture<Boolean> answeredOnEventLoop = new CompletableFuture<>();
        vertx.runOnContext(v -> renderer.pngDataUri("otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP")
                .subscribe().with(uri -> {
                    answeredOnEventLoop.complete(Context.isOnEventLoopThread());
                    image.complete(uri);
                }, image::completeExceptionally));

        assertTrue(image.get(10, TimeUnit.SECONDS).startsWith("data:image/png;base64,"));
        assertTrue(drawnOnWorker.get(), "drawn on a worker thread");
        assertTrue(drawnOn.get().startsWith(QrRenderer.POOL), drawnOn.get());
        assertEquals(true, answeredOnEventLoop.get(), "the answer is back on the caller's event loop");
    }
}
