package io.tollgate.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Rows written many at a time, each caller still waiting until its own row is committed: while
 * one batch is being written, the rows that arrive queue up and go together in the next one.
 * Under load, dozens of events share one round trip and one commit; alone, a row is written at
 * once. Nothing is acknowledged before the database has it.
 *
 * @param <T> one row's values
 */
final class GroupCommit<T> {

    /** Bounds one statement's size; the rest waits for the next batch. */
    static final int MAX_BATCH = 256;

    private record Waiting<T>(T row, UniEmitter<? super Void> emitter, Context context) {
    }

    private final Function<List<T>, Uni<Void>> writer;
    private final Queue<Waiting<T>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    /** @param writer writes one batch in one transaction: all its rows or none */
    GroupCommit(Function<List<T>, Uni<Void>> writer) {
        this.writer = writer;
    }

    /** Completes (or fails) once the batch holding the row is committed (or has failed), on the caller's context. */
    Uni<Void> write(T row) {
        return Uni.createFrom().emitter(emitter -> {
            queue.add(new Waiting<>(row, emitter, Vertx.currentContext()));
            writeNextBatch();
        });
    }

    private void writeNextBatch() {
        if (!writing.compareAndSet(false, true)) {
            return; // the batch being written takes the queue over when it ends
        }
        List<Waiting<T>> batch = new ArrayList<>();
        for (Waiting<T> next; batch.size() < MAX_BATCH && (next = queue.poll()) != null;) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            writing.set(false);
            // A row queued between the poll and the reset would otherwise wait for the next caller.
            if (!queue.isEmpty()) {
                writeNextBatch();
            }
            return;
        }
        Uni<Void> written;
        try {
            written = writer.apply(batch.stream().map(Waiting::row).toList());
        } catch (RuntimeException e) {
            written = Uni.createFrom().failure(e);
        }
        written.subscribe().with(ok -> settle(batch, null), failure -> settle(batch, failure));
    }

    private void settle(List<Waiting<T>> batch, Throwable failure) {
        writing.set(false);
        writeNextBatch();
        for (Waiting<T> waiting : batch) {
            Runnable answer = failure == null ? () -> waiting.emitter().complete(null)
                    : () -> waiting.emitter().fail(failure);
            if (waiting.context() == null || waiting.context() == Vertx.currentContext()) {
                answer.run();
            } else {
                // Hibernate Reactive and the request's other steps go on only on their own context.
                waiting.context().runOnContext(v -> answer.run());
            }
        }
    }
}
