package io.tollgate.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.tollgate.testing.Configs;
import io.tollgate.testing.StoresTestResource;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;

/**
 * Slow checks (password and recovery-code hashes) reserve their attempt first, so guesses sent
 * together cannot all pass a lock check made before any of them failed. Real Redis.
 */
@QuarkusTest
class AttemptReservationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Vertx vertx;

    private Redis redis;
    private SecondFactorGuard guard;
    private String user;
    private String address;

    @BeforeEach
    void setUp() {
        redis = Redis.createClient(vertx, StoresTestResource.stores().redisUrl());
        guard = GuardBench.guard(redis, Configs.regulation(5, 3, Duration.ofMinutes(1)), GuardBench.PAUSE,
                new SimpleMeterRegistry());
        String unique = UUID.randomUUID().toString();
        user = "reserve-" + unique;
        // A network of its own: counts of another test (kept for the one-minute find time) must not add up here.
        ThreadLocalRandom random = ThreadLocalRandom.current();
        address = "10." + random.nextInt(1, 255) + "." + random.nextInt(1, 255) + "." + random.nextInt(1, 255);
    }

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void guessesSentTogetherGetNoMoreChecksThanTheLimit() {
        List<Uni<Attempt>> burst = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            burst.add(guard.reserve(user, false, address));
        }
        List<Attempt> attempts = Uni.join().all(burst).andFailFast().await().atMost(WAIT);
        List<Attempt> admitted = attempts.stream().filter(a -> !a.refused()).toList();
        assertEquals(5, admitted.size(), "only as many checks as the limit allows go ahead");
        assertTrue(attempts.stream().filter(Attempt::refused).allMatch(a -> a.decision().locked()));

        SecondFactorGuard.Decision last = null;
        for (Attempt attempt : admitted) {
            last = attempt.failed(user).await().atMost(WAIT);
        }
        assertTrue(last.locked(), "the fifth failure locks");
        assertEquals(SecondFactorGuard.LockKind.USER, last.lockKind());
        assertTrue(guard.reserve(user, false, address).await().atMost(WAIT).refused(), "and the next attempt is refused");
    }

    @Test
    void aSuccessfulAttemptIsNotCounted() {
        for (int i = 0; i < 12; i++) {
            Attempt attempt = guard.reserve(user, false, address).await().atMost(WAIT);
            assertEquals(SecondFactorGuard.Verdict.OPEN, attempt.decision().verdict());
            attempt.passed().await().atMost(WAIT);
        }
        SecondFactorGuard.Decision wrong = guard.reserve(user, false, address).await().atMost(WAIT).failed(user)
                .await().atMost(WAIT);
        assertEquals(1, wrong.userFailures());
        assertEquals(false, wrong.locked());
    }

    @Test
    void anAttemptIsSettledOnceWhateverFollows() {
        guard.reserve(user, false, address).await().atMost(WAIT).failed(user).await().atMost(WAIT);

        // Right, then a later step fails and the caller releases the attempt: taken off once only.
        Attempt right = guard.reserve(user, false, address).await().atMost(WAIT);
        right.passed().await().atMost(WAIT);
        right.release().await().atMost(WAIT);
        right.release().await().atMost(WAIT);
        // Wrong, then released: the failure stays.
        Attempt wrong = guard.reserve(user, false, address).await().atMost(WAIT);
        assertEquals(2, wrong.failed(user).await().atMost(WAIT).userFailures());
        wrong.release().await().atMost(WAIT);

        SecondFactorGuard.Decision next = guard.reserve(user, false, address).await().atMost(WAIT).failed(user)
                .await().atMost(WAIT);
        assertEquals(3, next.userFailures(), "both earlier failures still count");
    }

    @Test
    void aCompletedSignInForgetsTheUsersFailuresAPasswordAloneDoesNot() {
        guard.reserve(user, false, address).await().atMost(WAIT).failed(user).await().atMost(WAIT);
        guard.reserve(user, false, address).await().atMost(WAIT).passed().await().atMost(WAIT);
        assertEquals(2, guard.reserve(user, false, address).await().atMost(WAIT).decision().userFailures(),
                "one failure and this attempt in flight");
        Attempt recovery = guard.reserve(user, false, address).await().atMost(WAIT);
        recovery.signedIn().await().atMost(WAIT);
        assertEquals(1, guard.reserve(user, false, address).await().atMost(WAIT).decision().userFailures(),
                "only this attempt: the failures were forgotten");
    }

    @Test
    void aNetworkWhoseQueueIsTooLongRefusesEveryoneUncountedUntilUnlocked() {
        // Turns after 3 failures of the address; no wait longer than 1 s. Waits not slept.
        SecondFactorGuard strict = GuardBench.guard(redis, Configs.regulation(5, 3, Duration.ofMinutes(1), 3,
                Duration.ofSeconds(10), Duration.ofSeconds(1), 32, 64), d -> Uni.createFrom().voidItem(),
                new SimpleMeterRegistry());
        for (int i = 0; i < 3; i++) {
            strict.reserve(user + i, false, address).await().atMost(WAIT).failed(null).await().atMost(WAIT);
        }
        List<Attempt> queued = new ArrayList<>();
        Attempt next = strict.reserve(user + "-q0", false, address).await().atMost(WAIT);
        while (!next.refused() && queued.size() < 10) {
            queued.add(next);
            next = strict.reserve(user + "-q" + queued.size(), false, address).await().atMost(WAIT);
        }
        // Turns at 0, 0.1, 0.3 and 0.7 s; the next, 1.5 s away, is past the queue.
        assertTrue(queued.size() >= 4 && queued.size() <= 6, queued.size() + " queued");
        assertEquals(SecondFactorGuard.LockKind.ADDRESS, next.decision().lockKind());
        assertEquals(3 + queued.size(), next.decision().addressFailures(), "the refused attempt is not counted");
        Attempt fresh = strict.reserve("someone-else-" + user, false, address).await().atMost(WAIT);
        assertTrue(fresh.refused(), "no failure of their own, refused all the same");
        for (Attempt attempt : queued) {
            attempt.passed().await().atMost(WAIT);
        }
        strict.unlockAddress(address).await().atMost(WAIT);
        assertEquals(SecondFactorGuard.Verdict.OPEN, strict.reserve("someone-else-" + user, false, address)
                .await().atMost(WAIT).decision().verdict());
    }
}
