package io.tollgate.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
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
    void hashingLeavesTheEventLoopFreeAndAnswersOnIt() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CompletableFuture<String> answeredOn = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            hasher.hash("pw".toCharArray())
                    .invoke(h -> events.add("hashed"))
                    .subscribe().with(h -> answeredOn.complete(Thread.currentThread().getName()),
                            answeredOn::completeExceptionally);
            // Queued behind this task on the same event loop: runs before the hash is done only if
            // the hash is computed elsewhere (Argon2 with 19 MiB takes far longer than a task switch).
            vertx.runOnContext(w -> events.add("event loop free"));
        });
        String thread = answeredOn.get(30, TimeUnit.SECONDS);
        assertEquals(List.of("event loop free", "hashed"), events);
        assertTrue(thread.contains("eventloop"), "the answer comes back on the caller's event loop: " + thread);
    }

    @Test
    void aSetOfOneTimeCodesSharesOneSaltAndEachCodeMatchesOnlyItself() {
        Duration wait = Duration.ofSeconds(30);
        List<String> hashes = hasher.hashSet(List.of("abcd-efgh", "ijkl-mnop", "qrst-uvwx")).await().atMost(wait);
        assertEquals(hashes.get(0).split("\\$")[4], hashes.get(2).split("\\$")[4], "one salt for the set");
        assertFalse(String.join("", hashes).contains("ijkl"), "no code in clear");
        assertEquals(1, hasher.indexOfMatch("ijkl-mnop".toCharArray(), hashes).await().atMost(wait));
        assertEquals(2, hasher.indexOfMatch("qrst-uvwx".toCharArray(), hashes).await().atMost(wait));
        assertEquals(-1, hasher.indexOfMatch("zzzz-zzzz".toCharArray(), hashes).await().atMost(wait));
        assertEquals(-1, hasher.indexOfMatch("abcd-efgh".toCharArray(), List.of()).await().atMost(wait));
    }
}
