package io.tollgate.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

@QuarkusTest
class PasswordHasherTest {

    @Inject
    PasswordHasher hasher;

    @Inject
    Vertx vertx;

    @Test
    void passwordsAreHashedWithTheDefaultArgon2idParameters() {
        String phc = hasher.hash("s3cret!".toCharArray()).await().atMost(Duration.ofSeconds(30));
        assertTrue(phc.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), phc);
        assertTrue(hasher.matches("s3cret!".toCharArray(), phc).await().atMost(Duration.ofSeconds(30)));
        assertFalse(hasher.matches("s3cret".toCharArray(), phc).await().atMost(Duration.ofSeconds(30)));
    }

    @Test
    void anUnknownUserNeverMatchesAndStillCostsAHash() {
        long start = System.nanoTime();
        assertFalse(hasher.matches("no such user".toCharArray(), null).await().atMost(Duration.ofSeconds(30)));
        assertFalse(hasher.matches("whatever".toCharArray(), "").await().atMost(Duration.ofSeconds(30)));
        // Not a timing assertion: proof that the dummy hash was computed (Argon2 with 19 MiB cannot take under 1 ms).
        assertTrue(System.nanoTime() - start > 1_000_000L);
    }

    @Test
    void hashingCalledFromTheEventLoopRunsOnAWorkerThread() throws Exception {
        CompletableFuture<String> hashingThread = new CompletableFuture<>();
        CompletableFuture<Boolean> calledOnEventLoop = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            calledOnEventLoop.complete(Context.isOnEventLoopThread());
            hasher.hash("pw".toCharArray())
                    .invoke(h -> hashingThread.complete(Thread.currentThread().getName()))
                    .subscribe().with(h -> { }, hashingThread::completeExceptionally);
        });
        assertTrue(calledOnEventLoop.get(10, TimeUnit.SECONDS));
        String thread = hashingThread.get(30, TimeUnit.SECONDS);
        assertFalse(thread.contains("eventloop"), thread);
        assertEquals(true, thread.contains("executor") || thread.contains("worker"), thread);
    }
}
