package io.tollgate.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
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
        guard = new SecondFactorGuard(new RedisScripts(redis, Duration.ofSeconds(2)),
                GuardBench.config(5, 3, Duration.ofMinutes(1)));
        String unique = UUID.randomUUID().toString();
        user = "reserve-" + unique;
        address = "10.9." + Math.abs(unique.hashCode() % 250) + "." + Math.abs(unique.hashCode() % 200);
    }

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void guessesSentTogetherGetNoMoreChecksThanTheLimit() {
        List<Uni<SecondFactorGuard.Decision>> burst = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            burst.add(guard.reserve(user, false, address));
        }
        List<SecondFactorGuard.Decision> decisions = Uni.join().all(burst).andFailFast().await().atMost(WAIT);
        long admitted = decisions.stream().filter(d -> d.verdict() == SecondFactorGuard.Verdict.OPEN).count();
        assertEquals(5, admitted, "only as many checks as the limit allows go ahead");
        assertTrue(decisions.stream().filter(d -> d.verdict() != SecondFactorGuard.Verdict.OPEN)
                .allMatch(SecondFactorGuard.Decision::locked));

        SecondFactorGuard.Decision last = null;
        for (int i = 0; i < 5; i++) {
            last = guard.settleFailure(user, false, address).await().atMost(WAIT);
        }
        assertTrue(last.locked(), "the fifth failure locks");
        assertTrue(guard.reserve(user, false, address).await().atMost(WAIT).locked(), "and the next attempt is refused");
    }

    @Test
    void aSuccessfulAttemptIsNotCounted() {
        for (int i = 0; i < 12; i++) {
            assertEquals(SecondFactorGuard.Verdict.OPEN, guard.reserve(user, false, address).await().atMost(WAIT).verdict());
            guard.settleSuccess(user, address).await().atMost(WAIT);
        }
        guard.reserve(user, false, address).await().atMost(WAIT);
        SecondFactorGuard.Decision wrong = guard.settleFailure(user, false, address).await().atMost(WAIT);
        assertEquals(1, wrong.userFailures());
        assertEquals(false, wrong.locked());
    }

    @Test
    void aLockedAddressRefusesEveryUser() {
        for (int i = 0; i < 5; i++) {
            guard.reserve(user + i, false, address).await().atMost(WAIT);
            guard.settleFailure(user + i, false, address).await().atMost(WAIT);
        }
        assertTrue(guard.reserve("someone-else", false, address).await().atMost(WAIT).locked());
        guard.unlockAddress(address).await().atMost(WAIT);
        assertEquals(SecondFactorGuard.Verdict.OPEN, guard.reserve("someone-else", false, address).await().atMost(WAIT)
                .verdict());
    }
}
