package io.tollgate.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.tollgate.guard.CodeVerifier.Candidate;
import io.tollgate.guard.CodeVerifier.Outcome;
import io.tollgate.testing.Configs;
import io.tollgate.testing.StoresTestResource;
import io.tollgate.totp.HashAlgorithm;
import io.tollgate.totp.Totp;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;

/** Against the real embedded Redis, through two separate connections as two replicas would. */
@QuarkusTest
class CodeVerifierTest {

    private static final byte[] KEY = "12345678901234567890".getBytes();
    private static final long NOW = 1_800_000_000L;

    @Inject
    Vertx vertx;

    private Redis first;
    private Redis second;
    private CodeVerifier one;
    private CodeVerifier two;
    private String user;
    private String credential;
    private String address;

    @BeforeEach
    void twoReplicas() {
        first = Redis.createClient(vertx, StoresTestResource.stores().redisUrl());
        second = Redis.createClient(vertx, StoresTestResource.stores().redisUrl());
        one = verifier(first, 4, 3, Duration.ofSeconds(2));
        two = verifier(second, 4, 3, Duration.ofSeconds(2));
        String unique = UUID.randomUUID().toString();
        user = "user-" + unique;
        credential = "cred-" + unique;
        address = "10.0.0." + unique.hashCode();
    }

    @AfterEach
    void close() {
        first.close();
        second.close();
    }

    @Test
    void aCodeIsAcceptedOnceAndItsReplayIsRefusedAsSuch() {
        String code = totp().codeAt(NOW);
        assertInstanceOf(Outcome.Accepted.class, verify(one, code, NOW));
        assertInstanceOf(Outcome.Replay.class, verify(two, code, NOW));
    }

    @Test
    void aCodeOfAnotherTimeIsRefusedAndCountedAndSaidToBeOfAnotherTime() {
        // A phone four minutes slow, or one set to another time zone's minutes.
        assertEquals(new Outcome.WrongCode(3, true), verify(one, totp().codeAt(NOW - 240), NOW));
        assertEquals(new Outcome.WrongCode(2, true), verify(two, totp().codeAt(NOW + 14 * 60), NOW));
        assertEquals(new Outcome.WrongCode(1, false), verify(one, totp().codeAt(NOW - 20 * 60), NOW), "too far to say");
        assertInstanceOf(Outcome.Accepted.class, verify(two, totp().codeAt(NOW), NOW));
    }

    @Test
    void aCodeTheDatabaseRecordsAsUsedIsARefusedReplayAlthoughRedisForgotIt() {
        // As after a Redis restart without persistence: Redis knows nothing, the database knows the step.
        long used = NOW / 30;
        Candidate remembered = new Candidate(credential, totp(), 30, used);
        Outcome replay = one.verify(user, false, List.of(remembered), totp().codeAt(NOW), address, NOW, 1)
                .await().atMost(Duration.ofSeconds(10));
        assertInstanceOf(Outcome.Replay.class, replay);
        Outcome older = one.verify(user, false, List.of(remembered), totp().codeAt(NOW - 30), address, NOW, 1)
                .await().atMost(Duration.ofSeconds(10));
        assertInstanceOf(Outcome.Replay.class, older);
        // Both counted as failures, like any replay: a wrong code now is the third of four.
        assertEquals(new Outcome.WrongCode(1, false), verify(one, wrongCode(), NOW));
        Outcome next = one.verify(user, false, List.of(remembered), totp().codeAt(NOW + 30), address, NOW + 30, 1)
                .await().atMost(Duration.ofSeconds(10));
        assertInstanceOf(Outcome.Accepted.class, next);
    }

    @Test
    void anOlderCodeIsRefusedOnceANewerOneWasAccepted() {
        assertInstanceOf(Outcome.Accepted.class, verify(one, totp().codeAt(NOW), NOW));
        assertInstanceOf(Outcome.Replay.class, verify(one, totp().codeAt(NOW - 30), NOW));
        assertInstanceOf(Outcome.Accepted.class, verify(one, totp().codeAt(NOW + 30), NOW + 30));
    }

    @Test
    void twoReplicasRacingTheSameCodeAcceptItExactlyOnce() {
        for (int round = 0; round < 100; round++) {
            String cred = credential + "-" + round;
            long now = NOW + round * 30L;
            String code = totp().codeAt(now);
            List<Uni<Outcome>> racers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                CodeVerifier verifier = i % 2 == 0 ? one : two;
                racers.add(verifier.verify(user + round, false, List.of(new Candidate(cred, totp(), 30)), code,
                        address + "-" + round, now, 1));
            }
            List<Outcome> outcomes = Uni.join().all(racers).andFailFast().await().atMost(Duration.ofSeconds(10));
            assertEquals(1, outcomes.stream().filter(o -> o instanceof Outcome.Accepted).count(), "round " + round);
            assertEquals(3, outcomes.stream().filter(o -> o instanceof Outcome.Replay).count(), "round " + round);
        }
    }

    @Test
    void failuresCountedByBothReplicasLockTheUserAndACorrectCodeStaysLocked() throws Exception {
        String wrong = wrongCode();
        assertEquals(new Outcome.WrongCode(3, false), verify(one, wrong, NOW));
        assertEquals(new Outcome.WrongCode(2, false), verify(two, wrong, NOW));
        assertEquals(new Outcome.WrongCode(1, false), verify(one, wrong, NOW));
        assertInstanceOf(Outcome.Locked.class, verify(two, wrong, NOW));
        assertInstanceOf(Outcome.Locked.class, verify(one, totp().codeAt(NOW), NOW));
        Thread.sleep(2_300); // ban-time of this test: 2 s
        assertInstanceOf(Outcome.Accepted.class, verify(two, totp().codeAt(NOW), NOW));
    }

    @Test
    void anAdministratorCanUnlockAUserAndAnAddress() {
        String wrong = wrongCode();
        for (int i = 0; i < 4; i++) {
            verify(one, wrong, NOW);
        }
        Outcome locked = verify(one, totp().codeAt(NOW), NOW);
        assertEquals(SecondFactorGuard.LockKind.USER, assertInstanceOf(Outcome.Locked.class, locked).kind());
        guard(first).unlockUser(user).await().atMost(Duration.ofSeconds(5));
        // Four failures are far below the address's thresholds: unlocking the user is enough.
        assertInstanceOf(Outcome.Accepted.class, verify(one, totp().codeAt(NOW), NOW));
        guard(first).unlockAddress(address).await().atMost(Duration.ofSeconds(5));
    }

    private static SecondFactorGuard guard(Redis redis) {
        return GuardBench.guard(redis, Configs.regulation(4, 3, Duration.ofMinutes(1)), GuardBench.PAUSE,
                new SimpleMeterRegistry());
    }

    @Test
    void administratorsGetTheStricterLimit() {
        String wrong = wrongCode();
        Outcome first = one.verify(user, true, List.of(candidate()), wrong, address, NOW, 1).await().atMost(Duration.ofSeconds(5));
        assertEquals(new Outcome.WrongCode(2, false), first);
    }

    @Test
    void aNetworkWhoseQueueIsTooLongRefusesCodesUncheckedForEveryone() {
        // Turns after 2 failures of the address; no wait longer than 1 s; no real wait in this test.
        CodeVerifier strict = new CodeVerifier(GuardBench.guard(first, Configs.regulation(4, 3, Duration.ofMinutes(1),
                2, Duration.ofSeconds(10), Duration.ofSeconds(1), 32, 64), d -> Uni.createFrom().voidItem(),
                new SimpleMeterRegistry()));
        String wrong = wrongCode();
        int answered = 0;
        Outcome outcome = null;
        // Users from one address, one wrong code each: none reaches the user limit. Turns at 0, 0.1, 0.3, 0.7 s.
        for (; answered < 12; answered++) {
            outcome = strict.verify(user + answered, false, List.of(candidate()), wrong, address, NOW, 1)
                    .await().atMost(Duration.ofSeconds(5));
            if (!(outcome instanceof Outcome.WrongCode)) {
                break;
            }
        }
        assertTrue(answered >= 6 && answered <= 8, answered + " answered, then " + outcome);
        assertEquals(SecondFactorGuard.LockKind.ADDRESS, assertInstanceOf(Outcome.Locked.class, outcome).kind());
        // A colleague with a right code and no failure is refused too, unchecked: the code is not used up.
        Outcome refused = strict.verify("someone-else-" + user, false, List.of(candidate()), totp().codeAt(NOW),
                address, NOW, 1).await().atMost(Duration.ofSeconds(5));
        assertEquals(SecondFactorGuard.LockKind.ADDRESS, assertInstanceOf(Outcome.Locked.class, refused).kind());
        assertInstanceOf(Outcome.Accepted.class, strict.verify("someone-else-" + user, false, List.of(candidate()),
                totp().codeAt(NOW), "192.0.2.1", NOW, 1).await().atMost(Duration.ofSeconds(5)),
                "from elsewhere, the same code is accepted");
        guard(first).unlockAddress(address).await().atMost(Duration.ofSeconds(5));
        guard(first).unlockAddress("192.0.2.1").await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void malformedCodesAreNotCounted() {
        for (int i = 0; i < 10; i++) {
            assertInstanceOf(Outcome.Malformed.class, verify(one, "12ab56", NOW));
        }
        assertEquals(new Outcome.WrongCode(3, false), verify(one, wrongCode(), NOW));
    }

    @Test
    void withRedisAwayNothingIsAcceptedAndItRecoversByItself() {
        StoresTestResource.stores().stopRedis();
        try {
            assertInstanceOf(Outcome.Unavailable.class, verify(one, totp().codeAt(NOW), NOW));
        } finally {
            StoresTestResource.stores().startRedis();
        }
        AtomicInteger tries = new AtomicInteger();
        Outcome outcome;
        do {
            outcome = verify(one, totp().codeAt(NOW), NOW);
        } while (outcome instanceof Outcome.Unavailable && tries.incrementAndGet() < 50 && pause());
        assertInstanceOf(Outcome.Accepted.class, outcome);
    }

    private static boolean pause() {
        try {
            Thread.sleep(200);
            return true;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private Outcome verify(CodeVerifier verifier, String code, long now) {
        return verifier.verify(user, false, List.of(candidate()), code, address, now, 1).await().atMost(Duration.ofSeconds(10));
    }

    private Candidate candidate() {
        return new Candidate(credential, totp(), 30);
    }

    private static Totp totp() {
        return new Totp(HashAlgorithm.SHA1, KEY, 6, 30);
    }

    private String wrongCode() {
        String right = totp().codeAt(NOW);
        for (int d = 1; ; d++) {
            String candidate = String.format("%06d", (Integer.parseInt(right) + d * 7919) % 1_000_000);
            // Nor one of another time nearby: that one is answered as such.
            if (totp().verify(candidate, NOW, (int) (CodeVerifier.CLOCK_SLIP / 30)) == Totp.NO_MATCH) {
                return candidate;
            }
        }
    }

    private static CodeVerifier verifier(Redis redis, int max, int adminMax, Duration ban) {
        return new CodeVerifier(GuardBench.guard(redis, Configs.regulation(max, adminMax, ban), GuardBench.PAUSE,
                new SimpleMeterRegistry()));
    }
}
