package io.tollgate.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
import io.tollgate.testing.Configs;
import io.tollgate.testing.StoresTestResource;
import io.tollgate.totp.HashAlgorithm;
import io.tollgate.totp.Totp;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;

/**
 * The address rule against real Redis: past many failures a network's attempts take turns in a
 * queue (slots handed out by Redis, at a growing interval), and those that would wait too long
 * are refused at once, for everyone; IPv6 networks; the lockout meter.
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
    private Regulation rules;
    private String prefix;

    @BeforeEach
    void setUp() {
        redis = Redis.createClient(vertx, StoresTestResource.stores().redisUrl());
        // Turns after 4 failures of an address, at most 1 s apart; a queue of at most 3 s. Waits recorded, not slept.
        RegulationConfig config = Configs.regulation(3, 2, Duration.ofMinutes(1), 4, Duration.ofSeconds(1),
                Duration.ofSeconds(3), 24, 64);
        rules = Regulation.of(config);
        guard = GuardBench.guard(redis, config, d -> {
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
    void pastItsThresholdAnAddressHandsOutTurnsAtAGrowingInterval() {
        String address = "198.51.100.7";
        guard.unlockAddress(address).await().atMost(WAIT);
        List<SecondFactorGuard.Decision> decisions = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            decisions.add(failOnce(prefix + i, address));
        }
        for (int i = 0; i < 4; i++) {
            assertTrue(decisions.get(i).slot().isEmpty(), "below the threshold, no turn to wait for");
            assertEquals(Duration.ZERO, decisions.get(i).delay());
        }
        assertEquals(Duration.ZERO, decisions.get(4).delay(), "the first turn, with nobody queued, is now");
        // Each turn one interval after the previous: 100, 200, 400 ms (4, 5, 6 failures before them).
        for (int i = 5; i < 8; i++) {
            Duration gap = Duration.between(decisions.get(i - 1).slot().orElseThrow(), decisions.get(i).slot()
                    .orElseThrow());
            Duration interval = Duration.ofMillis(100L << (i - 5));
            assertTrue(gap.compareTo(interval) >= 0, "turn " + i + " came " + gap + " after the previous");
        }
        assertEquals(Duration.ofSeconds(1), rules.delay(20), "the interval stops at address-max-delay");
        assertEquals(1.0, meters.counter(RegulationEvents.METER, "kind", "address_throttle").count(), "once per window");
        assertEquals(0.0, meters.counter(RegulationEvents.METER, "kind", "user").count());
        guard.unlockAddress(address).await().atMost(WAIT);
    }

    @Test
    void parallelAttemptsPastTheThresholdAreServedOneAfterAnother() {
        String address = "198.51.100.20";
        // Served one at a time after 4 failures, 100 ms apart then 200 ms; a queue of up to a minute. Real waits.
        RegulationConfig config = Configs.regulation(3, 2, Duration.ofMinutes(1), 4, Duration.ofMillis(200),
                Duration.ofMinutes(1), 32, 64);
        SecondFactorGuard serial = GuardBench.guard(redis, config, GuardBench.PAUSE, meters);
        serial.unlockAddress(address).await().atMost(WAIT);
        for (int i = 0; i < 4; i++) {
            serial.reserve(prefix + "early" + i, false, address).await().atMost(WAIT).failed(null).await().atMost(WAIT);
        }
        record Served(SecondFactorGuard.Decision turn, long doneNanos) {
        }
        long start = System.nanoTime();
        List<Uni<Served>> parallel = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            parallel.add(serial.reserve(prefix + "p" + i, false, address)
                    .flatMap(attempt -> attempt.failed(null).map(failed -> new Served(attempt.decision(),
                            System.nanoTime()))));
        }
        List<Served> served = new ArrayList<>(Uni.join().all(parallel).andFailFast().await()
                .atMost(Duration.ofSeconds(30)));
        served.sort(Comparator.comparing(s -> s.turn().slot().orElseThrow()));
        // Redis handed out the turns one interval apart, each set by the failures (and attempts in flight) before it.
        Regulation serialRules = Regulation.of(config);
        Duration queued = Duration.ZERO;
        for (int i = 1; i < served.size(); i++) {
            SecondFactorGuard.Decision before = served.get(i - 1).turn();
            Duration gap = Duration.between(before.slot().orElseThrow(), served.get(i).turn().slot().orElseThrow());
            Duration interval = serialRules.delay(before.addressFailures() - 1);
            assertTrue(interval.compareTo(Duration.ZERO) > 0 && gap.compareTo(interval) >= 0,
                    "turn " + i + " came " + gap + " after the previous, less than " + interval);
            queued = queued.plus(interval);
        }
        assertEquals(Duration.ofMillis(100 + 18 * 200), queued, "100 ms after the first, then 200 ms apart");
        // Each waited for its turn: the last finished no earlier than the whole queue after the first turn.
        Duration elapsed = Duration.ofNanos(served.stream().mapToLong(Served::doneNanos).max().orElseThrow() - start);
        assertTrue(elapsed.compareTo(queued) >= 0, "20 parallel attempts took " + elapsed
                + ", less than if served one after another: " + queued);
        serial.unlockAddress(address).await().atMost(WAIT);
    }

    @Test
    void aSprayOverManyUsernamesFromOneAddressIsRefusedOnceItsQueueIsTooLong() {
        String address = "198.51.100.21";
        guard.unlockAddress(address).await().atMost(WAIT);
        for (int i = 0; i < 4; i++) {
            failOnce(prefix + "early" + i, address);
        }
        // One guess for each of many usernames, sent together: none has a failure of its own.
        List<Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            attempts.add(guard.reserve(prefix + "sprayed" + i, false, address).await().atMost(WAIT));
        }
        // Turns at 0, 0.1, 0.3, 0.7, 1.5, 2.5 s: the next would wait past the 3 s queue.
        List<Attempt> queued = attempts.stream().filter(a -> !a.refused()).toList();
        assertEquals(attempts.subList(0, queued.size()), queued, "the first ones are queued, all later ones refused");
        assertTrue(queued.size() >= 5 && queued.size() <= 7, queued.size() + " queued");
        Attempt refused = attempts.get(29);
        assertEquals(SecondFactorGuard.LockKind.ADDRESS, refused.decision().lockKind());
        Instant until = refused.decision().lockedUntil().orElseThrow();
        assertTrue(until.isAfter(Instant.now()) && until.isBefore(Instant.now().plusSeconds(3)),
                "room in the queue again within a few seconds: " + until);
        assertEquals(4 + queued.size(), refused.decision().addressFailures(), "refused attempts are not counted");
        assertTrue(refused.decision().slot().isEmpty(), "nor queued");

        Attempt colleague = guard.reserve(prefix + "colleague", false, address).await().atMost(WAIT);
        assertTrue(colleague.refused(), "while the queue is too long, everyone from the network is refused");
        assertEquals(SecondFactorGuard.LockKind.ADDRESS, colleague.decision().lockKind());
        Totp totp = new Totp(HashAlgorithm.SHA1, "12345678901234567890".getBytes(), 6, 30);
        Outcome code = new CodeVerifier(guard).verify(prefix + "coder", false,
                List.of(new CodeVerifier.Candidate(prefix + "cred", totp, 30)), totp.codeAt(1_800_000_000L), address,
                1_800_000_000L, 1).await().atMost(WAIT);
        assertEquals(SecondFactorGuard.LockKind.ADDRESS, ((Outcome.Locked) code).kind(), "codes too, unchecked");
        assertEquals(1.0, meters.counter(RegulationEvents.METER, "kind", "address").count(), "logged once");
        assertFalse(guard.reserve(prefix + "elsewhere", false, "198.51.101.22").await().atMost(WAIT).refused(),
                "another network is not concerned");
        guard.unlockAddress(address).await().atMost(WAIT);
        guard.unlockAddress("198.51.101.22").await().atMost(WAIT);
    }

    @Test
    void codeAnswersFromAThrottledAddressWaitForTheirTurnToo() {
        String address = "198.51.100.77";
        guard.unlockAddress(address).await().atMost(WAIT);
        for (int i = 0; i < 8; i++) {
            failOnce(prefix + i, address);
        }
        waits.clear();
        Totp totp = new Totp(HashAlgorithm.SHA1, "12345678901234567890".getBytes(), 6, 30);
        Outcome outcome = new CodeVerifier(guard).verify(prefix + "coder", false,
                List.of(new CodeVerifier.Candidate(prefix + "cred", totp, 30)), totp.codeAt(1_800_000_000L), address,
                1_800_000_000L, 1).await().atMost(WAIT);
        assertTrue(outcome instanceof Outcome.Accepted, outcome.toString());
        // Turns taken at about 0, 0.1, 0.3 and 0.7 s: the next is 1.5 s after the first.
        assertEquals(1, waits.size());
        assertTrue(waits.get(0).compareTo(Duration.ZERO) > 0 && waits.get(0).compareTo(Duration.ofMillis(1500)) <= 0,
                "the answer waits for its turn: " + waits);
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

    private SecondFactorGuard.Decision failOnce(String user, String address) {
        Attempt attempt = guard.reserve(user, false, address).await().atMost(WAIT);
        attempt.failed(null).await().atMost(WAIT);
        return attempt.decision();
    }
}
