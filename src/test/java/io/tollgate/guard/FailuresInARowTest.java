package io.tollgate.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

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
 * NIST SP 800-63B §5.2.2 against real Redis: failures of one account in a row are capped,
 * whatever the windows and short locks in between. Here three failures lock for a second,
 * and the seventh in a row locks for an hour, until an administrator unlocks; a completed
 * sign-in (an accepted code, or signedIn) forgets the row.
 */
@QuarkusTest
class FailuresInARowTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration SHORT_LOCK = Duration.ofSeconds(1);

    @Inject
    Vertx vertx;

    private Redis redis;
    private SecondFactorGuard guard;
    private String user;
    private final String address = "198.51.100." + (1 + (int) (Math.random() * 250));

    @BeforeEach
    void setUp() {
        redis = Redis.createClient(vertx, StoresTestResource.stores().redisUrl());
        guard = GuardBench.guard(redis, Configs.regulation(3, 3, SHORT_LOCK, 1000, Duration.ofSeconds(5),
                Duration.ofSeconds(30), 32, 64, 7, Duration.ofHours(1)), d -> Uni.createFrom().voidItem(),
                new SimpleMeterRegistry());
        user = "row-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void close() {
        guard.unlockUser(user).await().atMost(WAIT);
        redis.close();
    }

    @Test
    void theSeventhFailureInARowLocksUntilAnAdministratorUnlocks() throws Exception {
        failThrice();
        waitOutShortLock();
        failThrice();
        waitOutShortLock();
        SecondFactorGuard.Decision seventh = fail();
        assertTrue(seventh.userLockedUntil().isPresent(), "the seventh failure in a row locks");
        assertTrue(seventh.userLockedUntil().get().isAfter(Instant.now().plus(Duration.ofMinutes(59))),
                "for the long lock, not the short one: " + seventh.userLockedUntil());
        waitOutShortLock();
        assertTrue(guard.userLocked(user).await().atMost(WAIT), "still locked once a short lock would have ended");
        assertTrue(guard.lockedUsers(1000).await().atMost(WAIT).contains(user), "and listed as locked");

        guard.unlockUser(user).await().atMost(WAIT);
        assertFalse(guard.userLocked(user).await().atMost(WAIT));
        assertTrue(fail().userLockedUntil().isEmpty(), "an unlock forgets the failures in a row too");
    }

    @Test
    void aCompletedSignInForgetsTheFailuresInARow() throws Exception {
        failThrice();
        waitOutShortLock();
        failThrice();
        waitOutShortLock();
        guard.signedIn(user).await().atMost(WAIT);
        failThrice();
        waitOutShortLock();
        SecondFactorGuard.Decision afterSignIn = fail();
        assertTrue(afterSignIn.userLockedUntil().isEmpty(), "four in a row since the sign-in: no lock");

        waitOutShortLock();
        fail();
        // An accepted code is a completed sign-in too: the row starts again after it.
        assertEquals(SecondFactorGuard.Verdict.ACCEPTED, guard.accept(user, false, address,
                "row-credential-" + user, Instant.now().getEpochSecond() / 30, 90_000).await().atMost(WAIT).verdict());
        failThrice();
        waitOutShortLock();
        assertTrue(fail().userLockedUntil().isEmpty(), "four in a row since the accepted code: no lock");
    }

    @Test
    void theLimitCannotBeSetAboveOneHundred() {
        var error = org.junit.jupiter.api.Assertions.assertThrows(io.quarkus.runtime.configuration.ConfigurationException.class,
                () -> Regulation.of(Configs.regulation(5, 3, Duration.ofMinutes(15), 100, Duration.ofSeconds(5),
                        Duration.ofSeconds(30), 32, 64, 101, Duration.ofDays(30))));
        assertTrue(error.getMessage().contains("tollgate.regulation.max-consecutive-failures: must be between 1 and 100"),
                error.getMessage());
    }

    private void failThrice() {
        for (int i = 0; i < 3; i++) {
            fail();
        }
        assertTrue(guard.userLocked(user).await().atMost(WAIT), "three failures lock for a short while");
    }

    private SecondFactorGuard.Decision fail() {
        return guard.reject(user, false, address).await().atMost(WAIT);
    }

    private void waitOutShortLock() throws InterruptedException {
        Thread.sleep(SHORT_LOCK.toMillis() + 150);
    }
}
