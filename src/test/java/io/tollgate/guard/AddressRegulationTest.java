package io.tollgate.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.tollgate.guard.CodeVerifier.Outcome;
import io.tollgate.testing.StoresTestResource;
import io.tollgate.totp.HashAlgorithm;
import io.tollgate.totp.Totp;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;

/**
 * The address rule against real Redis: a throttle past many failures (waits recorded, not
 * slept), a block that spares users without failures, IPv6 networks, and the lockout meter.
 */
@QuarkusTest
class AddressRegulationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Vertx vertx;

    private Redis redis;
    private final List<Duration> waits = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private SecondFactorGuard guard;
    private String prefix;

    @BeforeEach
    void setUp() {
        redis = Redis.createClient(vertx, StoresTestResource.stores().redisUrl());
        // Slowed down after 4 failures of an address, blocked after 8; waits of at most 1 s.
        guard = GuardBench.guard(redis, GuardBench.config(3, 2, Duration.ofMinutes(1), 4, 8, Duration.ofSeconds(1),
                24, 64), d -> {
                    waits.add(d);
                    return Uni.createFrom().voidItem();
                }, meters);
        prefix = "addr-" + UUID.randomUUID() + "-";
    }

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void pastItsThresholdEachAttemptFromTheAddressWaitsLongerUpToTheCap() {
        String address = "198.51.100.7";
        guard.unlockAddress(address).await().atMost(WAIT);
        for (int i = 0; i < 8; i++) {
            failOnce(prefix + i, address);
        }
        // Before each attempt: 0..3 failures no wait, then 100, 200, 400, 800 ms.
        assertEquals(List.of(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofMillis(100),
                Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800)), waits);
        waits.clear();
        Attempt fresh = guard.reserve(prefix + "fresh", false, address).await().atMost(WAIT);
        assertFalse(fresh.refused(), "blocked, yet a user without failures is checked");
        assertEquals(List.of(Duration.ofSeconds(1)), waits, "at most the configured wait");
        fresh.passed().await().atMost(WAIT);

        assertEquals(1.0, meters.counter(RegulationEvents.METER, "kind", "address_throttle").count(), "once per window");
        assertEquals(1.0, meters.counter(RegulationEvents.METER, "kind", "address").count());
        assertEquals(0.0, meters.counter(RegulationEvents.METER, "kind", "user").count());
        Attempt failedBefore = guard.reserve(prefix + 0, false, address).await().atMost(WAIT);
        assertEquals(SecondFactorGuard.LockKind.ADDRESS, failedBefore.decision().lockKind());
        guard.unlockAddress(address).await().atMost(WAIT);
    }

    @Test
    void codeAnswersFromAThrottledAddressWaitToo() {
        String address = "198.51.100.77";
        guard.unlockAddress(address).await().atMost(WAIT);
        for (int i = 0; i < 5; i++) {
            failOnce(prefix + i, address);
        }
        waits.clear();
        Totp totp = new Totp(HashAlgorithm.SHA1, "12345678901234567890".getBytes(), 6, 30);
        Outcome outcome = new CodeVerifier(guard).verify(prefix + "coder", false,
                List.of(new CodeVerifier.Candidate(prefix + "cred", totp, 30)), totp.codeAt(1_800_000_000L), address,
                1_800_000_000L, 1).await().atMost(WAIT);
        assertTrue(outcome instanceof Outcome.Accepted, outcome.toString());
        assertEquals(List.of(Duration.ofMillis(200)), waits, "five failures: the second step of the throttle");
        guard.unlockAddress(address).await().atMost(WAIT);
    }

    @Test
    void aUserLockIsLoggedAndCounted() {
        String user = prefix + "locked";
        for (int i = 0; i < 3; i++) {
            failOnce(user, "203.0.113.9");
        }
        assertTrue(guard.reserve(user, false, "203.0.113.9").await().atMost(WAIT).refused());
        assertEquals(1.0, meters.counter(RegulationEvents.METER, "kind", "user").count());
        guard.unlockAddress("203.0.113.9").await().atMost(WAIT);
    }

    @Test
    void oneIpv6NetworkIsOneClientAndAnIpv4PrefixGroupsItsAddresses() {
        String site = "2001:db8:1:2::";
        guard.unlockAddress(site + "1").await().atMost(WAIT);
        failOnce(prefix + "a", site + "1");
        failOnce(prefix + "b", site + "ffff:ffff");
        assertEquals(3, guard.reserve(prefix + "c", false, "2001:db8:1:2:abcd::9").await().atMost(WAIT).decision()
                .addressFailures(), "the same /64: its third attempt");
        assertEquals(1, guard.reserve(prefix + "d", false, "2001:db8:1:3::1").await().atMost(WAIT).decision()
                .addressFailures(), "the next /64 is another client");
        guard.unlockAddress(site + "1").await().atMost(WAIT);
        guard.unlockAddress("2001:db8:1:3::1").await().atMost(WAIT);

        // This guard counts IPv4 by /24.
        guard.unlockAddress("192.0.2.1").await().atMost(WAIT);
        failOnce(prefix + "e", "192.0.2.1");
        assertEquals(2, guard.reserve(prefix + "f", false, "::ffff:192.0.2.200").await().atMost(WAIT).decision()
                .addressFailures());
        guard.unlockAddress("192.0.2.99").await().atMost(WAIT);
    }

    private void failOnce(String user, String address) {
        guard.reserve(user, false, address).await().atMost(WAIT).failed(null).await().atMost(WAIT);
    }
}
