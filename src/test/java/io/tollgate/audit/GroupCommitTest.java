package io.tollgate.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

class GroupCommitTest {

    /** A writer whose batches end when the test says so. */
    private static final class HeldWriter {
        final List<List<Integer>> batches = new ArrayList<>();
        final List<CompletableFuture<Void>> pending = new ArrayList<>();

        synchronized Uni<Void> write(List<Integer> rows) {
            batches.add(rows);
            CompletableFuture<Void> done = new CompletableFuture<>();
            pending.add(done);
            return Uni.createFrom().completionStage(done);
        }

        void endBatch(int index, Throwable failure) {
            if (failure == null) {
                pending.get(index).complete(null);
            } else {
                pending.get(index).completeExceptionally(failure);
            }
        }
    }

    @Test
    void rowsArrivingWhileABatchIsWrittenGoTogetherInTheNext() {
        HeldWriter writer = new HeldWriter();
        GroupCommit<Integer> commit = new GroupCommit<>(writer::write);
        CompletableFuture<Void> first = commit.write(1).subscribeAsCompletionStage();
        List<CompletableFuture<Void>> queued = new ArrayList<>();
        for (int i = 2; i <= 40; i++) {
            queued.add(commit.write(i).subscribeAsCompletionStage());
        }
        assertEquals(List.of(List.of(1)), writer.batches, "a lone row is written at once");
        assertFalse(queued.get(0).isDone(), "nothing is acknowledged before its batch is committed");

        writer.endBatch(0, null);
        assertTrue(first.isDone());
        assertEquals(2, writer.batches.size());
        assertEquals(39, writer.batches.get(1).size(), "the 39 queued rows share one batch");
        assertTrue(queued.stream().noneMatch(CompletableFuture::isDone));

        writer.endBatch(1, null);
        assertTrue(queued.stream().allMatch(f -> f.isDone() && !f.isCompletedExceptionally()));
    }

    @Test
    void aFailedBatchFailsExactlyItsOwnRowsAndTheQueueGoesOn() throws Exception {
        HeldWriter writer = new HeldWriter();
        GroupCommit<Integer> commit = new GroupCommit<>(writer::write);
        CompletableFuture<Void> first = commit.write(1).subscribeAsCompletionStage();
        CompletableFuture<Void> second = commit.write(2).subscribeAsCompletionStage();

        writer.endBatch(0, new IllegalStateException("database refused"));
        ExecutionFailure failure = failureOf(first);
        assertInstanceOf(IllegalStateException.class, failure.cause);
        assertFalse(second.isDone(), "the next batch is being written");

        writer.endBatch(1, null);
        second.get(1, TimeUnit.SECONDS);
    }

    @Test
    void aBatchIsNeverLargerThanTheBound() {
        HeldWriter writer = new HeldWriter();
        GroupCommit<Integer> commit = new GroupCommit<>(writer::write);
        commit.write(0).subscribeAsCompletionStage();
        for (int i = 1; i <= GroupCommit.MAX_BATCH + 10; i++) {
            commit.write(i).subscribeAsCompletionStage();
        }
        writer.endBatch(0, null);
        assertEquals(GroupCommit.MAX_BATCH, writer.batches.get(1).size());
        writer.endBatch(1, null);
        assertEquals(10, writer.batches.get(2).size());
    }

    @Test
    void aWriterThatThrowsFailsItsRowsWithoutStoppingTheNext() throws Exception {
        List<List<Integer>> written = new ArrayList<>();
        GroupCommit<Integer> commit = new GroupCommit<>(rows -> {
            if (rows.contains(1)) {
                throw new IllegalArgumentException("cannot encode");
            }
            written.add(rows);
            return Uni.createFrom().voidItem();
        });
        assertInstanceOf(IllegalArgumentException.class, failureOf(commit.write(1).subscribeAsCompletionStage()).cause);
        commit.write(2).subscribeAsCompletionStage().get(1, TimeUnit.SECONDS);
        assertEquals(List.of(List.of(2)), written);
    }

    private record ExecutionFailure(Throwable cause) {
    }

    private static ExecutionFailure failureOf(CompletableFuture<Void> future) {
        assertTrue(future.isCompletedExceptionally(), "the row's write failed");
        return new ExecutionFailure(future.handle((v, e) -> e).join());
    }
}
